from . import urls_erasure, urls_retention

app_name = "privacy"
urlpatterns = [*urls_erasure.urlpatterns, *urls_retention.urlpatterns]
