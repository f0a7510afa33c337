"""Django's Redis cache, keeping one Redis client per connection pool.

Django 5.2's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache
operation; its constructor fills a dict of ~170 response callbacks each time, about
0.15 ms on these machines, more than the round trip to Redis itself (`make bench`'s
profile of a page cache hit). A client is thread-safe and holds no connection of its
own (the pool does), so one per pool serves every operation.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
