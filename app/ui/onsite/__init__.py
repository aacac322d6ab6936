"""The on-site windows and widgets: checklist execution, evidence photos, signatures, document preview."""
