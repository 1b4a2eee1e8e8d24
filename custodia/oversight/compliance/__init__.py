"""The Mandela Rules compliance monitor (docs/compliance.md): the checks (`registry.CHECKS`), what
each offers (`base.Check`), and the pure rules that score them (`rules`)."""
