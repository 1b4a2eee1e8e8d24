"""One module per check of the compliance monitor; registry.CHECKS lists them in the page's order."""
