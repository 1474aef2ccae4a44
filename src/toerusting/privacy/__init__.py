"""Mijn gegevens: what Toerusting holds about a member, its export, deletion on request, and the retention
rule per organisation. The apps hand over their part through the hooks "personal_data" and
"personal_data_erase" (settings.HOOKS), so this app imports none of them. See docs/privacy.md."""
