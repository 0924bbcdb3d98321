"""Impact reporting for ProDij and the food bank's board: what the network collected, distributed,
lost and emitted, how fairly, at what cost; computed from stored (problem, plan, stop reports)
records with one versioned factors table, and exported as JSON, CSV, XLSX, HTML and PDF.

Downstream of everything else: it reads plans, never makes them (except the demo history
generator, which plans through the checker like any backend).
"""
