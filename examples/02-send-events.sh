#!/usr/bin/env bash
# Example 02 — send a customer's first week to Wayfarer with curl.
#
# The ingestion API is Segment's HTTP tracking API: the write key is the HTTP Basic username, the
# password is empty. Against a running server (npm start) with the example pack imported
# (npm run demo, or `wayfarer pack import examples/packs/01-lifecycle-essentials.json --publish`):
#
#   WAYFARER_WRITE_KEY=wk_… bash examples/02-send-events.sh
#
# Ada signs up (the welcome series starts), browses, and orders: she converts, enters the
# post-purchase survey and lands in the "first-time-buyers" segment. Every call answers {"success":true}.
# Sending the same messageIds again changes nothing (de-duplication).
set -euo pipefail

url="${WAYFARER_URL:-http://localhost:${PORT:-3000}}"
key="${WAYFARER_WRITE_KEY:?set WAYFARER_WRITE_KEY to the write key npm start printed}"
user="${EXAMPLE_USER_ID:-ada-lovelace}"

send() { # send <endpoint> <json>
  curl --silent --show-error --fail-with-body --user "$key:" \
    --header 'Content-Type: application/json' --data "$2" "$url/v1/$1"
  echo
}

# Who she is: attributes for segments (country, birthday), templates (first_name) and consent.
send identify '{
  "userId": "'"$user"'", "messageId": "'"$user"'-identify-1",
  "traits": { "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace", "country": "United Kingdom",
              "city": "London", "birthday": "1990-12-10", "timezone": "Europe/London", "consent": { "email": true, "push": true } }
}'

# The event the welcome series starts on.
send track '{ "userId": "'"$user"'", "messageId": "'"$user"'-signed-up", "event": "Signed Up", "properties": { "source": "newsletter-footer" } }'

# Browsing: a batch of product views (the product_views_14d computed trait counts them).
send batch '{ "batch": [
  { "type": "track", "userId": "'"$user"'", "messageId": "'"$user"'-view-1", "event": "Product Viewed", "properties": { "product_id": "22423", "name": "Regency cakestand 3 tier", "price": 12.75 } },
  { "type": "track", "userId": "'"$user"'", "messageId": "'"$user"'-view-2", "event": "Product Viewed", "properties": { "product_id": "85123A", "name": "White hanging heart t-light holder", "price": 2.55 } },
  { "type": "page", "userId": "'"$user"'", "messageId": "'"$user"'-page-basket", "name": "Basket" }
] }'

# The first order: built-in traits (orders_count, revenue_total, …), RFM values and the lifecycle stage follow.
send track '{
  "userId": "'"$user"'", "messageId": "'"$user"'-order-1001", "event": "Order Completed",
  "properties": { "order_id": "1001", "total": 15.30, "revenue": 15.30, "currency": "GBP",
                  "products": [ { "product_id": "22423", "sku": "22423", "name": "Regency cakestand 3 tier", "price": 12.75, "quantity": 1 },
                                { "product_id": "85123A", "sku": "85123A", "name": "White hanging heart t-light holder", "price": 2.55, "quantity": 1 } ] }
}'
