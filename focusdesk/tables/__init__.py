"""What the window's tables show and what editing a cell means — without Qt: the
schedules' grids (`grid`), what a cell shows and says (`cells`), the computation they
share (`computations`); the read-only tables as row models (`rows`): the Checks tab
(`findings`), the Segregation tab (`segregation`), the trial-balance preview
(`tb_preview`). The GUI's Qt models are thin adapters over these classes.

May import the features, `focusdesk.formats` and the layers below; never PySide6.
"""
