import DataLoader from 'dataloader';
import type { GraphDatabase, Row } from '../platform/neo4j';
import { notificationsRepository } from './notifications.repository';

/** How many recent deliveries an endpoint's log shows at most. */
export const DELIVERY_LOG_MAX = 100;

/** Per-request loaders: a page of endpoints costs one query for all their delivery logs. */
export function notificationLoaders(db: GraphDatabase) {
  return {
    deliveryLog: new DataLoader<string, Row[]>(async (endpointIds) => {
      const logs = await notificationsRepository.deliveryLog(db, [...endpointIds], DELIVERY_LOG_MAX);
      return endpointIds.map((id) => logs.get(id) ?? []);
    }),
  };
}
