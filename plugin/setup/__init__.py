"""Backend set-up from inside QGIS: the venv logic (``venv_paths``), the QgsTask that runs it
(``venv_task``) and the Set-up dialog (``setup_page``)."""
