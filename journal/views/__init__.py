"""The website's views, one module per area; the routes are in journal/urls.py."""
