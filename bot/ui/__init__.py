"""Embed builders and views shared by cogs. Every Discord size limit is enforced here, nowhere else."""
