from django.urls import path

from .views import dossier, export, imports, overview, picker, records

app_name = "pupils"

urlpatterns = [
    path("leerlingen/", overview.pupil_list, name="pupil_list"),
    path("leerlingen/zoeken/kiezen/", picker.pupil_picker, name="pupil_picker"),
    path("leerlingen/<int:pk>/", dossier.dossier, name="dossier"),
    path("leerlingen/<int:pk>/export.pdf", export.dossier_pdf, name="dossier_pdf"),
    path("leerlingen/<int:pk>/export.json", export.dossier_json, name="dossier_json"),
    path("leerlingen/<int:pk>/wijzigingen/", records.record_history, name="history"),
    path("leerlingen/<int:pk>/observatie/", records.observation_create, name="observation_create"),
    path("leerlingen/<int:pk>/factor/", records.factor_create, name="factor_create"),
    path("leerlingen/<int:pk>/onderwijsbehoefte/", records.need_create, name="need_create"),
    path("onderwijsbehoeften/<int:pk>/", records.need_update, name="need_update"),
    path("leerlingen/<int:pk>/schooladvies/", records.advice, name="advice"),
    path("leerlingen/<int:pk>/zorgniveau/", records.care_level, name="care_level"),
    path("leerlingen/<int:pk>/toetsresultaat/", records.assessment_create, name="assessment_create"),
    path("groepen/<int:pk>/overzicht/", overview.group_overview, name="group_overview"),
    path("import/", imports.upload, name="import_upload"),
    path("import/<int:pk>/", imports.preview, name="import_preview"),
]
