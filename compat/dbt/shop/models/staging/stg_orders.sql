select order_id, customer_id, cast(ordered_at as date) as order_date, amount
from {{ ref('raw_orders') }}
