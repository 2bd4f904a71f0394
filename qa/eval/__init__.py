"""The eval harness: gold sets, metrics, the configurations compared, reports, the gate.

    qa eval [--gold FILE] [--k 10] [--out DIR] [--config NAME ...] [--thresholds FILE]

Modules: gold (load and validate gold files), locate (where text sits, what is relevant),
normalise (answer matching), metrics (pure metric functions), configs and fixed (the
configurations), scoring and runner (run and summarise), report and chart (outputs),
thresholds (the quality gate), command (the CLI glue). Kept import-light on purpose.
"""
