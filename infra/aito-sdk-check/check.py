"""Drives a running service through Aito's official Python SDK 0.5.0 and prints one line per step.

Run it with ./run beside this file: that script finds the SDK source, the Python packages it needs
and puts them on PYTHONPATH. Every call goes through the SDK's public API (aito.client.AitoClient
and aito.api), called as its 0.5.0 signatures want. A step that takes longer than STEP_TIMEOUT
seconds is cut and reported FAILED, so a hanging server shows as a failure, not a hang.

Environment: AITO_URL, READ_WRITE_APIKEY, APIKEY, STEP_TIMEOUT (s, default 60),
ENTRY_ROWS (default 300), FILE_ROWS (default 3000), VERBOSE=1 for the SDK's own log and tracebacks.
Exit code: 0 all steps OK, 1 a step failed, 2 the SDK could not be loaded.
"""
import contextlib
import gzip
import hashlib
import io
import json
import logging
import os
import signal
import sys
import tempfile
import time

SDK_VERSION = '0.5.0'
SDK_COMMIT = '771c6ef1b80830eaf5c590cb025e4f9dbf0819e5'
# sha256 over the sorted "path\0sha256(content)\n" lines of every file under aito/ at SDK_COMMIT
SDK_FINGERPRINT = 'e667f06841e34a316bbf5a1662e38cac535143d035f7c29d27be5cc542bbcdf8'

URL = os.environ.get('AITO_URL', 'http://localhost:8080').rstrip('/')
RW_KEY = os.environ.get('READ_WRITE_APIKEY', 'dev-read-write-key')
RO_KEY = os.environ.get('APIKEY', 'dev-read-only-key')
STEP_TIMEOUT = float(os.environ.get('STEP_TIMEOUT', '60'))
ENTRY_ROWS = int(os.environ.get('ENTRY_ROWS', '300'))
FILE_ROWS = int(os.environ.get('FILE_ROWS', '3000'))
VERBOSE = os.environ.get('VERBOSE', '') not in ('', '0')


def sdk_fingerprint(sdk_dir):
    digest = hashlib.sha256()
    files = []
    for folder, subfolders, names in os.walk(os.path.join(sdk_dir, 'aito')):
        subfolders[:] = sorted(d for d in subfolders if d != '__pycache__')
        files += [os.path.relpath(os.path.join(folder, n), sdk_dir) for n in names if not n.endswith('.pyc')]
    for rel in sorted(files):
        with open(os.path.join(sdk_dir, rel), 'rb') as f:
            content = f.read()
        digest.update(rel.replace(os.sep, '/').encode() + b'\0' + hashlib.sha256(content).hexdigest().encode() + b'\n')
    return digest.hexdigest()


# ---- what the SDK does on the wire and in its log, kept for the report ----------------------

class Wire:
    """Records each HTTP request the SDK makes (it uses requests for every call on these paths)."""
    last = None        # (method, url) of the request in flight or last made
    last_status = None
    last_head = None   # status and body framing of the last answer whose headers arrived
    largest = 0        # largest answer body seen in the current step, bytes
    count = 0


def install_wire_recorder():
    import requests.adapters
    import requests.sessions
    original = requests.sessions.Session.request
    original_build = requests.adapters.HTTPAdapter.build_response

    def recording_build(self, req, resp):
        # called once the status line and headers are in, before the body is read
        headers = {k.lower(): v for k, v in resp.headers.items()}
        if 'transfer-encoding' in headers:
            framing = f'transfer-encoding: {headers["transfer-encoding"]!r}'
        elif 'content-length' in headers:
            framing = f'content-length: {headers["content-length"]}'
        else:
            framing = 'neither content-length nor transfer-encoding'
        Wire.last_head = f'{resp.status}, {framing}'
        return original_build(self, req, resp)

    def recording_request(self, method, url, *args, **kwargs):
        Wire.last, Wire.last_status, Wire.last_head = (method.upper(), url), None, None
        Wire.count += 1
        resp = original(self, method, url, *args, **kwargs)
        Wire.last_status = resp.status_code
        Wire.largest = max(Wire.largest, len(resp.content or b''))
        return resp

    requests.sessions.Session.request = recording_request
    requests.adapters.HTTPAdapter.build_response = recording_build


class SdkLog(logging.Handler):
    """Keeps the SDK's log records (loggers AitoAPI, AitoClient, ...) for the current step.

    The SDK swallows some failures and only logs them (optimize_table, delete_entries, a failed
    batch in upload_entries, failing rows and failed polls in upload_file), so a step also fails
    when the SDK logged an ERROR during it."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        if not record.name.startswith('Aito'):
            return
        self.records.append(record)
        if VERBOSE:
            sys.stderr.write(f'    [{record.levelname} {record.name}] {record.getMessage()}\n')

    def errors(self):
        # Only what aito.api logged at ERROR: those are the failures it swallows. A RequestError
        # also logs its message (logger AitoClient) but is raised, and reported as the exception.
        return [r.getMessage() for r in self.records if r.name == 'AitoAPI' and r.levelno >= logging.ERROR]


class StepTimeout(BaseException):
    """Derives from BaseException on purpose: the SDK catches Exception in its polling loops
    (file upload status, optimize, delete) and would swallow a timeout that was an Exception."""


class StepFailed(Exception):
    pass


def short(text, limit=400):
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + '...'


def describe(e):
    text = f'{type(e).__name__}: {short(e)}'
    cause = e.__cause__ or e.__context__
    if cause is not None and not isinstance(e, StepFailed):
        text += f' (caused by {type(cause).__name__}: {short(cause, 300)})'
    return text


def kb(n):
    return f'{n / 1024:.1f} KB'


# ---- the run -----------------------------------------------------------------------------------

class Runner:
    def __init__(self, log):
        self.log = log
        self.failed = []
        self.blocked_by = None

    def step(self, name, fn, required=False):
        if self.blocked_by:
            self.report(name, False, f'not run: step {self.blocked_by} failed')
            return None
        self.log.records = []
        Wire.last, Wire.last_status, Wire.last_head, Wire.largest, Wire.count = None, None, None, 0, 0
        stderr = io.StringIO()

        def on_alarm(signum, frame):
            raise StepTimeout()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, STEP_TIMEOUT)
        started = time.monotonic()
        ok, detail, result = False, '', None
        try:
            with contextlib.redirect_stderr(sys.stderr if VERBOSE else stderr):
                result, detail = fn()
            ok = True
        except StepTimeout:
            detail = f'timed out after {STEP_TIMEOUT:g} s'
            if Wire.last:
                method, url = Wire.last
                if Wire.last_status:
                    state = f'answered {Wire.last_status}'
                elif Wire.last_head:
                    state = f'answer headers {Wire.last_head}, body never ended'
                else:
                    state = 'no answer headers'
                detail += f'; last request {method} {url.replace(URL, "")} ({state})'
            polls = [r.getMessage() for r in self.log.records if 'failed to get file upload status' in r.getMessage()]
            if polls:
                detail += f'; {len(polls)} status polls failed, last: {short(polls[-1], 250)}'
        except StepFailed as e:
            detail = str(e)
        except Exception as e:
            detail = describe(e)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        sdk_errors = self.log.errors()
        if sdk_errors:
            # the SDK swallowed a failure (optimize, delete, a batch, failing rows): that is the cause
            swallowed = f'the SDK logged an error and carried on: {short(sdk_errors[-1], 300)}'
            detail = swallowed if ok else f'{swallowed}; then: {detail}'
            ok = False
        elapsed = time.monotonic() - started
        self.report(name, ok, f'{detail} [{elapsed:.1f} s]')
        if not ok:
            self.failed.append(name)
            if required:
                self.blocked_by = name
        return result

    @staticmethod
    def report(name, ok, detail):
        print(f'{name:<28} {"OK" if ok else "FAILED":<6} {detail}', flush=True)


def make_row(i):
    return {
        'id': i,
        'name': f'product {i}',
        'category': f'c{i % 5}',
        'price': round(1 + i * 0.37, 2),
        'in_stock': i % 3 == 0,
        'discount': None if i % 4 else round((i % 50) / 100, 2),
        'description': f'A sturdy item number {i} made of recycled materials, shipped in {i % 9 + 1} days',
        'tags': f'tag{i % 7} tag{i % 11} sale' if i % 2 else f'tag{i % 7}',
    }


TABLE_SCHEMA = {
    'type': 'table',
    'columns': {
        'id': {'type': 'Int', 'nullable': False},
        'name': {'type': 'String', 'nullable': False},
        'category': {'type': 'String', 'nullable': False},
        'price': {'type': 'Decimal', 'nullable': False},
        'in_stock': {'type': 'Boolean', 'nullable': False},
        'discount': {'type': 'Decimal', 'nullable': True},
        'description': {'type': 'Text', 'nullable': False, 'analyzer': 'english'},
        'tags': {'type': 'Text', 'nullable': False, 'analyzer': 'whitespace'},
    },
}


def main():
    sdk_dir = os.environ.get('AITO_SDK_DIR', '')
    try:
        import aito
        import aito.api as api
        from aito.client import AitoClient
    except Exception as e:
        print(f'cannot import the Aito SDK from {sdk_dir or "sys.path"}: {type(e).__name__}: {e}')
        return 2
    version = getattr(aito, '__version__', '?')
    if version != SDK_VERSION and not os.environ.get('AITO_SDK_ANY_VERSION'):
        print(f'the SDK at {os.path.dirname(os.path.dirname(aito.__file__))} is version {version}, not {SDK_VERSION} '
              f'(set AITO_SDK_ANY_VERSION=1 to run anyway)')
        return 2
    source = os.path.dirname(os.path.dirname(os.path.abspath(aito.__file__)))
    exact = sdk_fingerprint(source) == SDK_FINGERPRINT
    print(f'Aito Python SDK {version} from {source} '
          f'({"identical to" if exact else "WARNING: differs from"} commit {SDK_COMMIT[:12]})')
    print(f'service {URL}, step timeout {STEP_TIMEOUT:g} s')

    log = SdkLog()
    root = logging.getLogger()
    root.handlers[:] = [log]
    root.setLevel(logging.WARNING)
    for name in ('AitoAPI', 'AitoClient', 'AitoResponse', 'AitoRequest'):
        logging.getLogger(name).setLevel(logging.DEBUG)
    install_wire_recorder()

    table = f'sdk_check_{int(time.time())}_{os.getpid()}'
    entries = [make_row(i) for i in range(ENTRY_ROWS)]
    file_rows = [make_row(i) for i in range(ENTRY_ROWS, ENTRY_ROWS + FILE_ROWS)]
    expected = {r['id']: r for r in entries + file_rows}
    clients = {}
    run = Runner(log)

    def connect():
        clients['rw'] = AitoClient(instance_url=URL, api_key=RW_KEY, check_credentials=True)
        clients['ro'] = AitoClient(instance_url=URL, api_key=RO_KEY, check_credentials=True)
        return None, f'GET /version with both keys: instance version {clients["rw"].instance_version}'

    def create_table():
        api.create_table(clients['rw'], table, TABLE_SCHEMA)
        schema = api.get_table_schema(clients['ro'], table)
        got = sorted(schema.columns)
        if got != sorted(TABLE_SCHEMA['columns']):
            raise StepFailed(f'get_table_schema after create_table lists columns {got}')
        return None, f'table {table}, {len(got)} columns read back with get_table_schema'

    def table_size(client_key='ro'):
        return api.get_table_size(clients[client_key], table)

    def upload_entries():
        api.upload_entries(clients['rw'], table, iter(entries), batch_size=100, optimize_on_finished=False)
        size = table_size()
        if size != ENTRY_ROWS:
            raise StepFailed(f'uploaded {ENTRY_ROWS} rows in batches of 100, table size is then {size}')
        return None, f'{ENTRY_ROWS} rows in {-(-ENTRY_ROWS // 100)} batches; table size {size}'

    def upload_file():
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'rows.ndjson.gz')
            with gzip.open(path, 'wt', encoding='utf-8') as f:
                for row in file_rows:
                    f.write(json.dumps(row) + '\n')
            size_on_disk = os.path.getsize(path)
            api.upload_file(clients['rw'], table, path, polling_time=1, optimize_on_finished=False)
        size = table_size()
        if size != ENTRY_ROWS + FILE_ROWS:
            raise StepFailed(f'file of {FILE_ROWS} rows processed, table size is then {size} '
                             f'(expected {ENTRY_ROWS + FILE_ROWS})')
        return None, f'{FILE_ROWS} rows ({kb(size_on_disk)} gzipped): init, PUT, trigger, poll; table size {size}'

    def optimize_job():
        api.optimize_table(clients['rw'], table)  # use_job=True: what upload_entries/upload_file do by default
        return None, 'POST /api/v1/jobs/data/{table}/optimize, polled until finishedAt, result fetched'

    def optimize_direct():
        api.optimize_table(clients['rw'], table, use_job=False)
        return None, 'POST /api/v1/data/{table}/optimize'

    def query_entries():
        hits = api.query_entries(clients['ro'], table, offset=5, limit=20)
        ids = [h.get('id') for h in hits]
        if ids != list(range(5, 25)):
            raise StepFailed(f'offset 5 limit 20 gave ids {ids}')
        bad = [h['id'] for h in hits if h != expected[h['id']]]
        if bad:
            raise StepFailed(f'rows differ from what was uploaded, ids {bad[:5]}: got {short(hits[ids.index(bad[0])], 200)}')
        return None, f'offset 5 limit 20: ids 5..24 in upload order, values as uploaded ({kb(Wire.largest)} answer)'

    def query_all_entries():
        rows = api.query_all_entries(clients['ro'], table)  # default batch_size 5000
        total = ENTRY_ROWS + FILE_ROWS
        if len(rows) != total:
            raise StepFailed(f'got {len(rows)} rows, expected {total}')
        ids = [r.get('id') for r in rows]
        if ids != list(range(total)):
            raise StepFailed(f'ids not in upload order or not unique: first ones {ids[:10]}')
        bad = [r['id'] for r in rows if r != expected[r['id']]]
        if bad:
            raise StepFailed(f'{len(bad)} rows differ from what was uploaded, first id {bad[0]}: '
                             f'got {short(rows[bad[0]], 200)}')
        return None, f'{len(rows)} rows, values as uploaded; largest answer {kb(Wire.largest)} ({Wire.count} requests)'

    def get_table_size():
        size = api.get_table_size(clients['ro'], table)
        if size != ENTRY_ROWS + FILE_ROWS:
            raise StepFailed(f'size {size}, expected {ENTRY_ROWS + FILE_ROWS}')
        return size, f'{size} rows'

    state = {'size': ENTRY_ROWS + FILE_ROWS}

    def delete_with(query, use_job, expect_deleted):
        def go():
            before = state['size']
            if use_job:
                api.delete_entries(clients['rw'], query)  # use_job=True is the default
            else:
                api.delete_entries(clients['rw'], query, use_job=False)
            after = table_size()
            state['size'] = after
            if before - after != expect_deleted:
                raise StepFailed(f'where {json.dumps(query["where"])}: {before - after} rows deleted '
                                 f'({before} -> {after}), expected {expect_deleted}')
            how = 'POST /api/v1/jobs/data/_delete, polled' if use_job else 'POST /api/v1/data/_delete'
            return None, f'{how}, where {json.dumps(query["where"])}: {expect_deleted} rows deleted, {after} left'
        return go

    total = ENTRY_ROWS + FILE_ROWS
    by_job_where = {'id': {'$lt': 100}}
    direct_where = {'category': 'c3'}
    deleted_by_job = sum(1 for i in range(total) if i < 100)
    deleted_direct = sum(1 for i in range(total) if i >= 100 and i % 5 == 3)

    def delete_table():
        api.delete_table(clients['rw'], table)
        if api.check_table_exists(clients['ro'], table):
            raise StepFailed('the table is still listed by GET /api/v1/schema after delete_table')
        return None, f'table {table} deleted and no longer listed'

    run.step('connect (AitoClient)', connect, required=True)
    run.step('create_table', create_table, required=True)
    run.step('upload_entries', upload_entries)
    run.step('upload_file', upload_file)
    run.step('optimize_table (job)', optimize_job)
    run.step('optimize_table (no job)', optimize_direct)
    run.step('query_entries', query_entries)
    run.step('query_all_entries', query_all_entries)
    run.step('get_table_size', get_table_size)
    run.step('delete_entries (job)', delete_with({'from': table, 'where': by_job_where}, True, deleted_by_job))
    run.step('delete_entries (no job)', delete_with({'from': table, 'where': direct_where}, False, deleted_direct))
    run.blocked_by = None
    if 'connect (AitoClient)' not in run.failed:
        run.step('delete_table', delete_table)

    steps_ok = 'all steps OK' if not run.failed else f'{len(run.failed)} FAILED: {", ".join(run.failed)}'
    print(f'result: {steps_ok}')
    return 1 if run.failed else 0


if __name__ == '__main__':
    sys.exit(main())
