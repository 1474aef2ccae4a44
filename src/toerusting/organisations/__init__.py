"""Tenants (gemeente, provincie, waterschap), their bodies, terms, fracties, people and functies."""
