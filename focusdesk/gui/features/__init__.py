"""The window's built-in features, installed after the first paint (they import openpyxl,
reportlab and calamine, which the first paint does not need): printing and PDF export
(`printing`), Excel export and import (`excel`), the trial-balance import
(`trial_balance`), the Segregation tab (`segregation`), the Worksheets tab
(`worksheets`) and the month close (`month_close`).

Each module's `install(host)` adds its menu entries, tabs, cell actions and drop handlers
through the window's host interface (`focusdesk.gui.host.FeatureHost`) and returns the
feature, which the window keeps (`window.feature(Kind)`). A feature may import the core,
`focusdesk.tables` and the window's widgets; never another feature.
"""

# In the order they are installed: their File menu entries follow one another.
FEATURES: tuple[str, ...] = (
    "focusdesk.gui.features.printing",
    "focusdesk.gui.features.excel",
    "focusdesk.gui.features.trial_balance",
    "focusdesk.gui.features.segregation",
    "focusdesk.gui.features.worksheets",
    "focusdesk.gui.features.month_close",
)
