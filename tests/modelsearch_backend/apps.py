from django.apps import AppConfig


class ModelsearchBackendTestsConfig(AppConfig):
    """Test-only app: modelsearch's fixture and its rebuild command's upstream name.

    Installed by ``lms.settings.test`` only, with ``modelsearch.test.testapp`` (the
    models that fixture fills).
    """

    name = "tests.modelsearch_backend"
    label = "modelsearch_backend_tests"
