from gdpr.registry import holds_nothing_personal

holds_nothing_personal("A benchmark's page of fixed text.", "bench_reference.ReferencePage")
