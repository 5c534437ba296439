"""/partenariats/monde/: the exchange's listings on the world map (read only)."""
from django.urls import path

from . import views_exchange

app_name = "exchange-map"

urlpatterns = [path("", views_exchange.exchange_map, name="index")]
