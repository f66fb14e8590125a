#!/bin/bash
# Runs shipped FK problems with two builds of ito (e.g. a branch base and the branch) and says whether
# /estimate, /std_error and the MLMC /levels (but cost_per_sample) are bitwise identical. Files in /tmp.
old=${1:?usage: fk_bitwise_compare.sh OLD_ITO NEW_ITO}; new=${2:?usage: fk_bitwise_compare.sh OLD_ITO NEW_ITO}
cd "$(dirname "$0")/.."
for spec in "fk_european_call.toml" "fk_lookback_call.toml" "fk_down_and_out_call.toml" "fk_expression_cir.toml --set mc.paths=20000" "fk_ou_running_cost.toml" "fk_vasicek_bond.toml" "fk_mlmc_lookback_call.toml" "fk_mlmc_european_call.toml" "fk_lookback_put.toml" "fk_asian_geometric.toml" "fk_asian_arithmetic_cv.toml" "fk_margrabe.toml" "fk_ou2d_running_cost.toml"; do
  set -- $spec; name=${1%.toml}; shift
  for b in old new; do
    bin=${!b}
    $bin feynman-kac problems/$name.toml "$@" --threads 2 --out /tmp/fkcmp_${name}_$b.h5 > /dev/null 2>&1 || echo "$name $b failed"
    h5dump -d /estimate -d /std_error -a /summary/estimate -a /summary/std_error /tmp/fkcmp_${name}_$b.h5 2>/dev/null | grep "(0)" > /tmp/fkcmp_${name}_$b.txt
    h5dump -g /levels /tmp/fkcmp_${name}_$b.h5 2>/dev/null | grep -v "cost_per_sample" >> /tmp/fkcmp_${name}_$b.txt
    h5dump -p -d /estimate /tmp/fkcmp_${name}_$b.h5 > /dev/null
  done
  /usr/bin/python3 - "$name" <<'PY'
import sys,h5py,numpy as np
n=sys.argv[1]
a=h5py.File(f'/tmp/fkcmp_{n}_old.h5'); b=h5py.File(f'/tmp/fkcmp_{n}_new.h5')
same=True
for k in ['estimate','std_error']:
    same &= a[k][:].tobytes()==b[k][:].tobytes()
if 'levels' in a:
    for k in a['levels']:
        if k=='cost_per_sample': continue
        same &= a['levels'][k][:].tobytes()==b['levels'][k][:].tobytes()
print(f"{n}: estimate {a['estimate'][0]!r} vs {b['estimate'][0]!r}: {'bitwise identical' if same else 'DIFFERENT'}")
PY
done
