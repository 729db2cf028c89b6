"""A stand-in for the `ndjson` package (PyPI), which has no Debian package.

Aito's SDK 0.5.0 only calls `ndjson.dump(list_of_rows, text_file)` (aito/api.py download_table and
aito/utils/_file_utils.py write_to_ndjson_gz_file). This module implements that and the rest of
the small public API of ndjson 0.3.x with the same behaviour: rows joined by '\n', no trailing
newline, blank lines skipped on reading. The check puts this folder on PYTHONPATH only when a
real `ndjson` module cannot be imported.
"""
import json

__all__ = ['dump', 'dumps', 'load', 'loads', 'reader', 'writer']


def dumps(obj, *args, **kwargs):
    return '\n'.join(json.dumps(row, *args, **kwargs) for row in obj)


def dump(obj, fp, *args, **kwargs):
    fp.write(dumps(obj, *args, **kwargs))


def loads(text, *args, **kwargs):
    if isinstance(text, (bytes, bytearray)):
        text = text.decode('utf-8')
    return [json.loads(line, *args, **kwargs) for line in text.splitlines() if line.strip()]


def load(fp, *args, **kwargs):
    return loads(fp.read(), *args, **kwargs)


class reader:
    def __init__(self, f, **kwargs):
        self.f = f
        self.kwargs = kwargs

    def __iter__(self):
        for line in self.f:
            if line.strip():
                yield json.loads(line, **self.kwargs)


class writer:
    def __init__(self, f, **kwargs):
        self.f = f
        self.kwargs = kwargs

    def writerow(self, row):
        self.f.write(json.dumps(row, **self.kwargs) + '\n')
