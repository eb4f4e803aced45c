"""Counts the incremental machinery of the dbt project, code lines only (Jinja comments, SQL `--`
comment lines and blank lines left out): the macros that implement rounds (macros/pipeline:
incremental.sql, test_window.sql), and in models the lines of `{% if %}` blocks about incremental
runs plus the lines that call the round machinery. Usage: python3 machinery_lines.py DBT_DIR [-v]"""
import re, sys, pathlib
root = pathlib.Path(sys.argv[1])
# duckdb_merge.sql held the DuckDB strategy before it joined incremental.sql.
MACROS = ['incremental.sql', 'test_window.sql', 'duckdb_merge.sql']
CALLS = re.compile(r'lookback_cutoff|changed_period_list|incremental_window|period_rebuild|rebuilt_periods|in_rebuilt_periods|rows_to_rebuild|rekeyed_by_new_versions|rebuilding\(|store_attributes_changed|in_days\(|in_months\(|depends_on|rebuild_periods|unique_key|incremental_strategy|lookback_window_filter|ingested_at >= \{\{ cutoff')
COND = re.compile(r'\{%-?\s*if\b([^%]*)%\}')
def code_lines(text):
    text = re.sub(r'\{#.*?#\}', '', text, flags=re.S)
    return [l for l in text.splitlines() if l.strip() and not l.strip().startswith('--')]
total = mach = 0
rows = {}
for path in sorted((root / 'models').rglob('*.sql')):
    stack = []; count = 0
    lines = code_lines(path.read_text())
    for line in lines:
        total += 1
        opened = COND.search(line)
        inside = any(stack)
        if opened:
            stack.append(bool(re.search(r'incremental|two_halves', opened.group(1))))
            if stack[-1] or inside: count += 1
            continue
        if re.search(r'\{%-?\s*endif', line):
            was = stack.pop() if stack else False
            if was or any(stack): count += 1
            continue
        if inside or CALLS.search(line): count += 1
    rows[str(path.relative_to(root))] = count; mach += count
macro = sum(len(code_lines((root/'macros/pipeline'/m).read_text())) for m in MACROS if (root/'macros/pipeline'/m).exists())
print(f'models: {total} code lines, {mach} of them incremental machinery ({100*mach/total:.0f} %)')
print(f'round machinery macros: {macro} code lines')
print(f'machinery: {mach+macro} of {total+macro} code lines ({100*(mach+macro)/(total+macro):.0f} %)')
if '-v' in sys.argv:
    for k,v in rows.items():
        if v: print(f'  {v:4d} {k}')
