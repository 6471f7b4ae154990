{
    "name": "Benchmark CRM shape",
    "version": "1.0",
    "summary": "The workload shape of BENCH.md for the ORM benchmark (not a product addon)",
    "depends": ["base"],
}
