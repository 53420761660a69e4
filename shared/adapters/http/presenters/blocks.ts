// What the block routes answer: a block as API.md writes it (times in the clinic's offset,
// `providerId: null` for the whole clinic, who made it by email).

import type { BlockView } from '../../../core/scheduling/block-schemas.ts';
import type { Block } from '../../../core/scheduling/blocks.ts';
import { formatInstant } from '../../../core/scheduling/time.ts';
import { type HttpResponse, json } from '../responses.ts';

export function blockView(block: Block, timeZone: string): BlockView {
  return {
    id: block.id,
    providerId: block.providerId ?? null,
    start: formatInstant(block.start, timeZone),
    end: formatInstant(block.end, timeZone),
    reason: block.reason ?? null,
    createdBy: block.createdBy.email,
    createdAt: block.createdAt.toISOString(),
  };
}

export function presentBlocks(blocks: readonly Block[], timeZone: string): HttpResponse {
  return json(200, { items: blocks.map((block) => blockView(block, timeZone)) });
}

export function presentCreatedBlock(block: Block, timeZone: string): HttpResponse {
  return json(201, blockView(block, timeZone));
}

export function presentDeletedBlock(): HttpResponse {
  return { statusCode: 204, headers: {}, body: '' };
}
