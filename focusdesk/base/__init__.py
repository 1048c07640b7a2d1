"""The base: small helpers that know nothing of the form — money as `Decimal` (`money`),
text from outside kept harmless (`safetext`), the one way to write a file (`atomicfile`),
the shipped resources (`paths`), building many objects at once (`bulk`).

Imports nothing of FocusDesk outside this package; every other package may import it.
"""
