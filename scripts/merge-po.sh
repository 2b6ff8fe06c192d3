#!/usr/bin/env bash
# Used as a git merge driver for the Thai catalogue (see .gitattributes).
# git merge driver: %O %A %B -> union of translations, ours first
set -e
tmp=$(mktemp)
msgcat --use-first --no-wrap -o "$tmp" "$2" "$3" 2>/dev/null || msgcat --use-first -o "$tmp" "$2" "$3"
# drop fuzzy markers msgcat adds for conflicting translations
python3 - "$tmp" <<'PY'
import sys,re
p=sys.argv[1]; s=open(p,encoding='utf-8').read()
s=s.replace('#, fuzzy\n','')
open(p,'w',encoding='utf-8').write(s)
PY
cp "$tmp" "$2"; rm -f "$tmp"
