{#- The contract's business rules in SQL, run on a message whose shape is valid: the same checks
    and codes as the ingest function, and the same arithmetic — every amount scaled to the
    currency's minor units in binary floating point and rounded half up, as JavaScript does, so
    that both paths agree on every amount. The model reads the amounts in three steps (factor,
    scaled, minor units) because a column cannot use another of the same select on BigQuery. -#}

{% macro contract_text(path) -%}
    {{ contract_field_ref(path)['text'] }}
{%- endmacro %}

{% macro contract_number(path) -%}
    {{ contract_field_ref(path)['number'] }}
{%- endmacro %}

{#- The amounts of the message: `(path, column suffix)` pairs. -#}
{% macro contract_amounts() -%}
    {{ return([
        ('$.amounts.subtotal', 'subtotal'),
        ('$.amounts.discount_total', 'discount_total'),
        ('$.amounts.tax_total', 'tax_total'),
        ('$.amounts.shipping', 'shipping'),
        ('$.amounts.total', 'total'),
        ('$.refund.amount', 'refund'),
    ]) }}
{%- endmacro %}

{#- A number the rules compute with: NULL outside the contract's range for the field (the shape
    check has refused the message then). Within the ranges no product, sum or difference of the
    rules can overflow FLOAT64 — on BigQuery an overflow fails the whole query, for one message. -#}
{% macro contract_in_range(number, maximum) -%}
    case when abs({{ number }}) <= {{ maximum }} then {{ number }} end
{%- endmacro %}

{#- The largest value the contract allows a field of the order lines or of the message. -#}
{% macro contract_maximum(path) -%}
    {%- set found = [] -%}
    {%- for field in contract_message_fields() -%}
        {%- if field['path'] == path %}{% do found.append(field['maximum']) %}{% endif -%}
        {%- for line_field in field.get('item_fields', []) -%}
            {%- if field['path'] ~ '[].' ~ line_field['key'] == path %}{% do found.append(line_field['maximum']) %}{% endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if found | length != 1 -%}
        {{ exceptions.raise_compiler_error('no maximum for contract field ' ~ path) }}
    {%- endif -%}
    {{ return(found[0]) }}
{%- endmacro %}

{#- `Math.round`: halves go up. -#}
{% macro round_half_up(value) -%}
    (floor({{ value }}) + case when {{ value }} - floor({{ value }}) >= 0.5 then 1 else 0 end)
{%- endmacro %}

{#- Whether a scaled amount carries more decimals than its currency allows (within the tolerance
    of binary floating point). -#}
{% macro finer_than_minor_unit(scaled) -%}
    abs({{ scaled }} - {{ round_half_up(scaled) }}) > 1e-6 * greatest(1, abs({{ scaled }}))
{%- endmacro %}

{#- Select-list column: the currency's minor-unit factor. -#}
{% macro contract_minor_unit_factor() -%}
    {%- set contract = sales_event_v1() -%}
    pow(10, case {{ contract_text('$.currency') }}
        {%- for code, units in contract['other_minor_units'].items() %}
        when '{{ code }}' then {{ units }}
        {%- endfor %}
        else {{ contract['default_minor_units'] }}
    end) as minor_unit_factor
{%- endmacro %}

{#- Select-list columns: each amount in (unrounded) minor units, and the order lines' sums in
    minor units with their issues (duplicate line numbers, amounts finer than a minor unit, a
    discount above its line). -#}
{% macro contract_scaled_amounts() -%}
    {%- for path, name in contract_amounts() %}
    {{ finite_product(contract_in_range(contract_number(path), contract_maximum(path)), 'minor_unit_factor') }} as scaled_{{ name }},
    {%- endfor %}
    {%- set elements = contract_lines_column() %}
    {%- set unit_price = finite_product(contract_in_range('line.unit_price_number', contract_maximum('$.items[].unit_price')), 'minor_unit_factor') %}
    {%- set discount = finite_product(contract_in_range('line.discount_amount_number', contract_maximum('$.items[].discount_amount')), 'minor_unit_factor') %}
    {%- set quantity = '(' ~ contract_in_range('line.quantity_number', contract_maximum('$.items[].quantity')) ~ ')' %}
    {%- set line_path = "concat('$.items[', cast(line.position - 1 as " ~ dbt.type_string() ~ "), ']')" %}
    {{ array_sum_over(elements, 'line', finite_product(round_half_up(unit_price), quantity)) }} as line_gross_minor,
    {{ array_sum_over(elements, 'line', round_half_up(discount)) }} as line_discount_minor,
    {{ array_texts_over(elements, 'line', "array_to_string([
        case when " ~ array_has_earlier(elements, 'line', 'line_number_number') ~ "
            then " ~ contract_issue("concat(" ~ line_path ~ ", '.line_number')", 'duplicate_line_number', 'line_number appears twice') ~ " end,
        case when " ~ finer_than_minor_unit(unit_price) ~ "
            then " ~ contract_issue("concat(" ~ line_path ~ ", '.unit_price')", 'amount_precision', 'has more decimals than the currency allows') ~ " end,
        case when " ~ finer_than_minor_unit(discount) ~ "
            then " ~ contract_issue("concat(" ~ line_path ~ ", '.discount_amount')", 'amount_precision', 'has more decimals than the currency allows') ~ " end,
        case when " ~ round_half_up(discount) ~ " > " ~ finite_product(round_half_up(unit_price), quantity) ~ "
            then " ~ contract_issue("concat(" ~ line_path ~ ", '.discount_amount')", 'discount_exceeds_line', 'discount_amount exceeds unit_price × quantity') ~ " end
    ], ',')") }} as line_rule_issues
{%- endmacro %}

{#- Select-list columns: each amount rounded to whole minor units. -#}
{% macro contract_minor_amounts() -%}
    {%- for path, name in contract_amounts() %}
    {{ round_half_up('scaled_' ~ name) }} as minor_{{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- Every business-rule issue of a shape-valid message as JSON texts joined by commas ('' for
    none). `now` is the instant the message counts as received (its publish time). -#}
{% macro contract_rule_issues(now) -%}
    {%- set contract = sales_event_v1() -%}
    {%- set event_time = parse_instant(contract_text('$.event_time')) -%}
    {%- set channel = contract_text('$.store.channel') -%}
    {%- set method = contract_text('$.payment.method') -%}
    {%- set card_brand = contract_field_ref('$.payment.card_brand')['kind'] -%}
    {%- set refund = contract_field_ref('$.refund')['kind'] -%}
    {%- set event_type = contract_text('$.event_type') -%}
    {%- set promised = contract_text('$.promised_delivery_date') -%}
    {%- set shipped_at = parse_instant(contract_text('$.shipment.shipped_at')) -%}
    {%- set delivered_at = parse_instant(contract_text('$.delivery.delivered_at')) -%}
    array_to_string([
        case when {{ event_time }} < {{ instant_literal(contract['min_event_time']) }}
            then {{ contract_issue("'$.event_time'", 'event_time_out_of_range', 'event_time is before ' ~ contract['min_event_time']) }}
            when {{ event_time }} > {{ instant_plus_seconds(now, contract['max_future_skew_seconds']) }}
            then {{ contract_issue("'$.event_time'", 'event_time_in_future', 'event_time is more than 24 hours in the future') }} end,
        nullif(line_rule_issues, ''),
        {%- for path, name in contract_amounts() %}
        case when {{ finer_than_minor_unit('scaled_' ~ name) }}
            {%- if name == 'refund' %} and {{ contract_text('$.event_type') }} = 'order_refunded'{% endif %}
            then {{ contract_issue("'" ~ path ~ "'", 'amount_precision', 'has more decimals than the currency allows') }} end,
        {%- endfor %}
        case when minor_subtotal <> line_gross_minor
            then {{ contract_issue("'$.amounts.subtotal'", 'subtotal_mismatch', 'subtotal is not the sum of unit_price × quantity') }} end,
        case when minor_discount_total <> line_discount_minor
            then {{ contract_issue("'$.amounts.discount_total'", 'discount_total_mismatch', 'discount_total is not the sum of discount_amount') }} end,
        case when minor_total <> minor_subtotal - minor_discount_total + minor_tax_total + minor_shipping
            then {{ contract_issue("'$.amounts.total'", 'total_mismatch', 'total is not subtotal - discount_total + tax_total + shipping') }} end,
        case when minor_shipping > 0 and not {{ text_in(channel, contract['remote_channels']) }}
            then {{ contract_issue("'$.amounts.shipping'", 'shipping_in_store', 'in-store sales carry no shipping') }} end,
        case when {{ method }} = 'cash' and {{ channel }} <> 'in_store'
            then {{ contract_issue("'$.payment.method'", 'cash_not_in_store', 'cash is accepted only in store') }} end,
        case when {{ method }} = 'card' and {{ card_brand }} is null
            then {{ contract_issue("'$.payment.card_brand'", 'card_brand_missing', 'card payments name their card_brand') }} end,
        case when {{ text_in(method, contract['cardless_methods']) }} and {{ card_brand }} is not null
            then {{ contract_issue("'$.payment.card_brand'", 'card_brand_unexpected', 'this payment method carries no card_brand') }} end,
        case
            when {{ contract_text('$.event_type') }} = 'order_refunded' and {{ refund }} is null
                then {{ contract_issue("'$.refund'", 'refund_missing', 'order_refunded events carry a refund') }}
            when {{ contract_text('$.event_type') }} <> 'order_refunded' and {{ refund }} is not null
                then {{ contract_issue("'$.refund'", 'refund_unexpected', 'refund is present only when event_type = order_refunded') }}
        end,
        case when {{ contract_text('$.event_type') }} = 'order_refunded' and minor_refund > minor_total
            then {{ contract_issue("'$.refund.amount'", 'refund_exceeds_total', 'refund amount is above the original order total') }} end,
        case when {{ contract_text('$.event_type') }} = 'order_refunded' and {{ contract_text('$.refund.original_order_id') }} <> {{ contract_text('$.order_id') }}
            then {{ contract_issue("'$.refund.original_order_id'", 'refund_order_mismatch', 'original_order_id must equal order_id') }} end,
        {#- The promise: remote channels only, not before the order's date as written (fixed-width
            dates compare as text). -#}
        case when {{ promised }} is not null and not {{ text_in(channel, contract['remote_channels']) }}
            then {{ contract_issue("'$.promised_delivery_date'", 'promised_delivery_in_store', 'in-store sales promise no delivery date') }} end,
        case when {{ promised }} < substr({{ contract_text('$.event_time') }}, 1, 10)
            then {{ contract_issue("'$.promised_delivery_date'", 'promised_before_order', 'promised_delivery_date is before the date of the order') }} end,
        {#- A lifecycle event happens at its own moment: shipped at shipped_at, delivered at delivered_at. -#}
        case when {{ event_type }} = 'order_shipped' and {{ shipped_at }} <> {{ event_time }}
            then {{ contract_issue("'$.shipment.shipped_at'", 'event_time_mismatch', 'an order_shipped event happens at its shipped_at') }} end,
        case when {{ event_type }} = 'order_delivered' and {{ delivered_at }} <> {{ event_time }}
            then {{ contract_issue("'$.delivery.delivered_at'", 'event_time_mismatch', 'an order_delivered event happens at its delivered_at') }} end,
        case when {{ event_type }} = 'order_delivered' and {{ delivered_at }} < {{ shipped_at }}
            then {{ contract_issue("'$.delivery.delivered_at'", 'delivered_before_shipped', 'delivered_at is before the shipment shipped_at') }} end
    ], ',')
{%- endmacro %}
