// The one read `GET /s/{code}` makes: the short link item of a code. Apart from the reminder store,
// so the route's bundle carries no reminder, agenda or booking code.

import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ShortLinkStore } from '../../app/reminders/ports.ts';
import { type ShortLink, shortLinkFromItem, shortLinkKey } from '../../core/scheduling/short-links.ts';
import { type DynamoDBClient, GetItemCommand } from './wire-client.ts';

export class DynamoShortLinkStore implements ShortLinkStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async find(code: string): Promise<ShortLink | undefined> {
    const result = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(shortLinkKey(code)) }),
    );
    return result.Item ? shortLinkFromItem(unmarshall(result.Item)) : undefined;
  }
}
