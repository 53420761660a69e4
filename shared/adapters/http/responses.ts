// Building API Gateway responses in one place, so no handler assembles {statusCode, headers, body}.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

export function json(statusCode: number, data: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(data) };
}

export function html(statusCode: number, markup: string, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { 'content-type': HTML_TYPE, ...headers }, body: markup };
}

export function redirect(location: string, statusCode = 303): HttpResponse {
  return { statusCode, headers: { location }, body: '' };
}

export function text(
  statusCode: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return { statusCode, headers: { 'content-type': contentType, ...headers }, body };
}
