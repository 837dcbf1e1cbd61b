#!/usr/bin/env python3
"""One-off bootstrap: turn the member lists of test/fixtures/layouts/<v>.json into the
declarative TypeScript layouts of src/format/layouts/ (names and types only: offsets are
computed by src/format/layout/engine.ts and checked against the JSON by the layout test).
Identical structs across versions are emitted once and shared. Kept for the record; the
generated files are source and may be edited by hand afterwards."""
import json, re, sys, os, collections

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LAYOUTS = os.path.join(ROOT, 'test/fixtures/layouts')
OUT = os.path.join(ROOT, 'src/format/layouts')
VERSIONS = ['1.26', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '2.13']
SCALARS = {'int8': 'i8', 'uint8': 'u8', 'char': 'chr', 'int16': 'i16', 'uint16': 'u16', 'int32': 'i32',
           'uint32': 'u32', 'int64': 'i64', 'uint64': 'u64', 'float32': 'f32'}


def build_tree(members):
    """members: flat list with dotted paths -> nested list of (name, typeexpr-tree)."""
    root = {'members': collections.OrderedDict(), 'type': None}
    nodes = {'': root}
    for m in members:
        path = m['path']
        parent, _, name = path.rpartition('.')
        parent = parent.replace('[0]', '')
        node = {'members': collections.OrderedDict(), 'm': m}
        nodes[path.replace('[0]', '')] = node
        nodes[parent]['members'][name] = node
    return root


def type_expr(node, registry):
    m = node['m']
    t = m['type']
    if t.startswith('char[] '):
        return 'flex'
    mt = re.fullmatch(r'struct (\w+|\{anonymous\})(?:\[(\d+)\])?', t)
    if mt:
        sname, count = mt.group(1), mt.group(2)
        if sname == '{anonymous}':
            sname = 'anon_' + m['path'].replace('[0]', '').replace('.', '_')
        ref = struct_def(sname, node['members'], registry)
        return f'arr({ref}, {count})' if count else ref
    ma = re.fullmatch(r'(\w+)\[(\d+)\]', t)
    if ma:
        base, count = ma.group(1), int(ma.group(2))
        if base == 'char':
            return f'text({count})'
        return f'arr({SCALARS[base]}, {count})'
    return SCALARS[t]


def struct_def(sname, members, registry):
    fields = [(name, type_expr(child, registry)) for name, child in members.items()]
    body = tuple(fields)
    key = body
    if key in registry['by_body']:
        return registry['by_body'][key]
    base = re.sub(r'_\d+$', '', sname)
    ident = f"{base}_{registry['version'].replace('.', '')}"
    n = 2
    while ident in registry['names']:
        ident = f"{base}_{registry['version'].replace('.', '')}_{n}"
        n += 1
    registry['names'].add(ident)
    registry['by_body'][key] = ident
    base = re.sub(r'_\d+$', '', sname)
    prev = registry['latest'].get((registry['root'], base))
    registry['latest'][(registry['root'], base)] = (ident, fields)
    registry['order'].append((ident, sname, fields, registry['root'], prev))
    return ident


def revision(prev, fields):
    """The change from prev's members to fields as a revise() argument, or None if a
    full declaration is clearer (more than a third of the members changed)."""
    import difflib
    old = prev[1]
    old_names = [n for n, _ in old]
    new_names = [n for n, _ in fields]
    old_t = dict(old)
    sm = difflib.SequenceMatcher(a=old_names, b=new_names, autojunk=False)
    survivors = set()
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == 'equal':
            survivors.update(old_names[i1:i2])
    sets = []
    for n, _ in old:
        if n not in survivors:
            sets.append(f'{n}: null')
    for n, te in fields:
        if n in survivors and old_t[n] != te:
            sets.append(f'{n}: {te}')
    inserts = []
    cur = None
    prev_name = None
    for n, te in fields:
        if n in survivors:
            prev_name = n
            cur = None
            continue
        if cur is None:
            cur = {'after': prev_name, 'members': []}
            inserts.append(cur)
        cur['members'].append(f'{n}: {te}')
        prev_name = n
    changed = len(sets) + sum(len(i['members']) for i in inserts)
    if changed * 3 > len(fields):
        return None
    parts = []
    if sets:
        parts.append('set: { ' + ', '.join(sets) + ' }')
    if inserts:
        ins = ', '.join("{ after: " + (f"'{i['after']}'" if i['after'] else 'null') + ', members: { ' + ', '.join(i['members']) + ' } }' for i in inserts)
        parts.append('insert: [' + ins + ']')
    return '{ ' + ', '.join(parts) + ' }'


def main():
    registry = {'by_body': {}, 'names': set(), 'order': [], 'latest': {}}
    table = {}
    for v in VERSIONS:
        d = json.load(open(os.path.join(LAYOUTS, f'{v}.json')))
        entry = {}
        registry['version'] = v
        for sname in ['rawheader', 'rawrecord', 'tstat', 'sstat', 'cstat']:
            st = d['structs'].get(sname)
            if not st:
                continue
            tree = build_tree(st['members'])
            registry['root'] = sname
            cname = st['ctype'].replace('struct ', '')
            entry[sname] = struct_def(cname, tree['members'], registry)
        table[v] = (d['aversion_hex'], entry)

    files = {'rawheader': 'headers', 'rawrecord': 'headers', 'tstat': 'tstat', 'sstat': 'sstat', 'cstat': 'cstat'}
    what = {'headers': 'the file header (struct rawheader) and the record header (struct rawrecord)',
            'tstat': 'one task entry (struct tstat; struct pstat in 1.26)',
            'sstat': 'the system blob (struct sstat)',
            'cstat': 'one cgroup entry (struct cstat, 2.11+)'}
    where = {}
    for fname in sorted(set(files.values())):
        entries = [o for o in registry['order'] if files[o[3]] == fname]
        bodies = []
        for ident, cname, fields, _, prev in entries:
            rev = revision(prev, fields) if prev else None
            if rev is not None:
                bodies.append(f"export const {ident} = revise({prev[0]}, '{cname}', {rev});")
            else:
                b = [f"export const {ident} = struct('{cname}', {{"] + [f'  {n}: {te},' for n, te in fields] + ['});']
                bodies.append('\n'.join(b))
        text_all = '\n'.join(bodies)
        used = sorted({w for w in re.findall(r'\b(arr|chr|f32|flex|i16|i32|i64|struct|text|u16|u32|u64|u8|revise)\(?', text_all)
                       if re.search(r'\b' + w + r'\b', text_all)} & {'arr','chr','f32','flex','i16','i32','i64','struct','text','u16','u32','u64','u8','revise'})
        lines = [f'// Layouts of {what[fname]} in every atop raw-log format, as declared in',
                 "// atop's own headers of each release. Offsets are never written here: dsl.ts computes them",
                 '// with x86_64 natural alignment, and test/layouts.test.ts checks every member against',
                 '// test/fixtures/layouts/<version>.json. A struct that did not change is declared once.',
                 f"import {{ {', '.join(used)} }} from '../layout/dsl';",
                 '']
        for (ident, *_), body in zip(entries, bodies):
            where[ident] = fname
            lines.append(body)
            lines.append('')
        with open(os.path.join(OUT, f'{fname}.ts'), 'w') as f:
            f.write('\n'.join(lines))

    vl = ['// Which struct layouts each raw-log format version uses. Versions that share a layout',
          '// point at the same struct; nothing about a version is decided by if-branches elsewhere.',
          "import type { VersionLayout } from '../layout/dsl';",
          'import {']
    used = sorted({i for _, e in table.values() for i in e.values()})
    vl = vl[:-1]
    for fname in sorted({where[u] for u in used}):
        names = [u for u in used if where[u] == fname]
        vl.append(f"import {{ {', '.join(names)} }} from './{fname}';")
    vl += ['', 'export const VERSION_LAYOUTS: readonly VersionLayout[] = [']
    for v, (av, e) in table.items():
        parts = ', '.join(f'{k}: {e[k]}' for k in ['rawheader', 'rawrecord', 'tstat', 'sstat', 'cstat'] if k in e)
        vl.append(f"  {{ version: '{v}', aversion: {av}, {parts} }},")
    vl.append('];')
    vl.append('')
    with open(os.path.join(OUT, 'versions.ts'), 'w') as f:
        f.write('\n'.join(vl))
    print(len(registry['order']), 'structs')


main()
