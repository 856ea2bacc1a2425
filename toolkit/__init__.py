"""mashdb toolkit: migrate, roll back, review and prove the mashup platform database."""
