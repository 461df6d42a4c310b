// Promotion policies a project loads (one per environment).
CREATE CONSTRAINT promotion_policy_id IF NOT EXISTS FOR (n:PromotionPolicy) REQUIRE n.id IS UNIQUE;
