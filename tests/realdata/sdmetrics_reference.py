#!/usr/bin/env python3
"""Prints the SDMetrics 0.32.0 values that the unit tests of src/quality/ (tests.rs) expect, from the same inputs.

Run with the judge's environment: ~/.cache/synthdata-judge/bin/python tests/realdata/sdmetrics_reference.py
"""
import warnings; warnings.filterwarnings('ignore')
import numpy as np, pandas as pd
from sdmetrics.single_column import KSComplement, TVComplement
from sdmetrics.column_pairs import CorrelationSimilarity, ContingencySimilarity
from sdmetrics.multi_table import CardinalityShapeSimilarity
from sdmetrics.reports import QualityReport
S = pd.Series
print('ks1', repr(KSComplement.compute(S([1, 2, 3, 4, 5]), S([1, 1, 2, 6, 7, 8]))))
print('ks2', repr(KSComplement.compute(S([0.1, None, 3.5, 2.25]), S([2.0, 3.5, None, 10.0, 0.3]))))
print('tv1', repr(TVComplement.compute(S(['a', 'a', 'b', None]), S(['a', 'c', 'c', 'b']))))
print('tv2', repr(TVComplement.compute(S([True, False, False]), S([True, True, False, False]))))
x = S([1, 2, 3, 4, 5.0]); y = S([2, 4, 5, 4, 5.0])
sx = S([1, 2, 3, 4, 5.0]); sy = S([5, 4, 3, 2, 2.0])
print('corr1', CorrelationSimilarity.compute_breakdown(pd.DataFrame({'x': x, 'y': y}), pd.DataFrame({'x': sx, 'y': sy})))
r = pd.DataFrame({'a': ['x', 'x', 'y', None, 'y'], 'b': ['p', 'q', 'p', 'p', None]})
s = pd.DataFrame({'a': ['x', 'y', 'y', 'y', None, 'z'], 'b': ['p', 'p', 'q', None, None, 'q']})
print('cont1', repr(ContingencySimilarity.compute(r, s)))
print('cont1_assoc', ContingencySimilarity.compute_breakdown(r, s, real_association_threshold=0.01))
# cardinality
rp = pd.DataFrame({'id': [1, 2, 3, 4]}); rc = pd.DataFrame({'pid': [1, 1, 2, 4, 4, 4]})
sp = pd.DataFrame({'id': [1, 2, 3]}); sc = pd.DataFrame({'pid': [1, 2, 2, 3, None]})
meta = {'tables': {'p': {'columns': {'id': {'sdtype': 'id'}}, 'primary_key': 'id'}, 'c': {'columns': {'pid': {'sdtype': 'id'}}}},
        'relationships': [{'parent_table_name': 'p', 'parent_primary_key': 'id', 'child_table_name': 'c', 'child_foreign_key': 'pid'}]}
print('card1', repr(CardinalityShapeSimilarity.compute({'p': rp, 'c': rc}, {'p': sp, 'c': sc}, meta)))

# a small two-table report: every property
rng = np.random.default_rng(3)
n = 40
parent_r = pd.DataFrame({'pid': range(1, 11), 'region': list('nnsseewwnn'), 'score': [3.5, 1.0, 2.0, 8.0, 5.5, 6.0, 7.25, 1.5, 9.0, 4.0]})
parent_s = pd.DataFrame({'pid': range(1, 11), 'region': list('nsssewwwne'), 'score': [3.0, 2.0, 2.0, 7.0, 5.0, 6.5, 7.0, 1.0, 9.5, None]})
child_r = pd.DataFrame({
    'cid': range(1, n + 1),
    'pid': [1 + (i * 7) % 10 for i in range(n)],
    'amount': [1 + (i * 37) % 50 * 0.25 for i in range(n)],
    'qty': [1 + (i % 4) for i in range(n)],
    'paid': [i % 3 != 0 for i in range(n)],
    'kind': [['a', 'b', 'c', None][i % 4] for i in range(n)],
    'at': pd.to_datetime([f'2024-01-{1 + (i * 11) % 28:02d} {i % 24:02d}:00:00' for i in range(n)]),
})
child_s = pd.DataFrame({
    'cid': range(1, n + 1),
    'pid': [1 + (i * 3) % 9 for i in range(n)],
    'amount': [2 + (i * 13) % 40 * 0.5 for i in range(n)],
    'qty': [1 + (i % 3) for i in range(n)],
    'paid': [i % 2 == 0 for i in range(n)],
    'kind': [['a', 'b', 'b', 'c', None][i % 5] for i in range(n)],
    'at': pd.to_datetime([f'2024-01-{1 + (i * 5) % 28:02d} {i % 24:02d}:30:00' if i % 9 else None for i in range(n)]),
})
meta = {'tables': {
    'parent': {'columns': {'pid': {'sdtype': 'id'}, 'region': {'sdtype': 'categorical'}, 'score': {'sdtype': 'numerical'}}, 'primary_key': 'pid'},
    'child': {'columns': {'cid': {'sdtype': 'id'}, 'pid': {'sdtype': 'id'}, 'amount': {'sdtype': 'numerical'}, 'qty': {'sdtype': 'numerical'},
                          'paid': {'sdtype': 'boolean'}, 'kind': {'sdtype': 'categorical'}, 'at': {'sdtype': 'datetime'}}, 'primary_key': 'cid'}},
    'relationships': [{'parent_table_name': 'parent', 'parent_primary_key': 'pid', 'child_table_name': 'child', 'child_foreign_key': 'pid'}]}
for t in (0, 0.2):
    rep = QualityReport(); rep.real_correlation_threshold = t; rep.real_association_threshold = t
    rep.generate({'parent': parent_r, 'child': child_r}, {'parent': parent_s, 'child': child_s}, meta, verbose=False)
    print('report threshold', t, repr(rep.get_score()))
    print(rep.get_properties()["Score"].tolist())
    if t == 0:
        for p in ['Column Shapes', 'Column Pair Trends', 'Intertable Trends']:
            print(p, rep.get_details(p)['Score'].tolist())
