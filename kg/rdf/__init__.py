"""RDF side: vocabulary, deterministic IRIs, Extraction -> quads, serialisation, validation."""
