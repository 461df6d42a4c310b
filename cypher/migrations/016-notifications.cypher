// Notifications (issue 20): subscriptions, webhook endpoints, and the outbox (a Notification per
// recipient, a Delivery per notification and endpoint) written in the transaction of the change
// that caused them. The dispatcher looks pending deliveries up by status; inboxes by recipient.
CREATE CONSTRAINT subscription_id IF NOT EXISTS FOR (n:Subscription) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT webhook_endpoint_id IF NOT EXISTS FOR (n:WebhookEndpoint) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT delivery_id IF NOT EXISTS FOR (n:Delivery) REQUIRE n.id IS UNIQUE;
CREATE INDEX delivery_status IF NOT EXISTS FOR (n:Delivery) ON (n.status);
CREATE INDEX delivery_endpoint IF NOT EXISTS FOR (n:Delivery) ON (n.endpointId, n.seq);
CREATE INDEX notification_recipient IF NOT EXISTS FOR (n:Notification) ON (n.recipientId, n.createdAt);
