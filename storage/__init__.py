"""PostgreSQL storage: SQLAlchemy 2 async tables, repositories and the unit of work; Redis helpers."""
