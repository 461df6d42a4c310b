select country, sum(spend) as revenue
from {{ ref('customer_orders') }}
group by country
