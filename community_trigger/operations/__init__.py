"""Running on several machines: the task workers' heartbeat, the health check, the shared cache's table."""
