"""Importers for the world security master.

One module per source family (:mod:`.us`, :mod:`.jp`, :mod:`.tw`, :mod:`.hk`, :mod:`.financedatabase`,
:mod:`.names_2022`, :mod:`.otc_2023`); each exposes one ``load(root, stats)`` function returning a frame with
the columns of :data:`marketreact.reference.importers._common.COLUMNS`. :mod:`.build` merges them, groups lines
into companies, picks primaries and writes ``data/securities/world_*``. Excel readers (openpyxl, xlrd) are
imported lazily: install them with the ``import`` extra.
"""
