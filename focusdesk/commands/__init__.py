"""Sub-commands of later features, one module each, registered in `focusdesk.cli.EXTENSIONS`.

A module here defines ``register(subparsers)`` adding its parsers with
``set_defaults(func=...)``; the function returns an exit code and raises
`focusdesk.cli.CliError` (or a `StoreError`, `InputError`…) for a one-line failure.
"""
