import type { ErrorEvent } from '../src';

/**
 * Hand-written golden cases. `hashes` lists, in the order the reference
 * reports them (app before system, duplicates removed), the contributing
 * values each hash is taken over, worked out by reading the reference's
 * algorithm, not by running this library. The test hashes them independently.
 */
export interface GoldenCase {
  name: string;
  event: ErrorEvent;
  hashes: string[][];
}

const browserVendor = { abs_path: 'https://shop.example.com/static/vendor.js', filename: '/static/vendor.js', in_app: false };
const browserApp = { abs_path: 'https://shop.example.com/static/app.js', filename: '/static/app.js', in_app: true };

export const JAVASCRIPT_CASES: GoldenCase[] = [
  {
    name: 'browser TypeError: URL filenames dropped, function after the last dot, "?" ignored',
    event: {
      platform: 'javascript',
      exception: { values: [{ type: 'TypeError', value: "Cannot read properties of undefined (reading 'length')", stacktrace: { frames: [
        { ...browserVendor, function: 'HTMLButtonElement.r', lineno: 2, colno: 9912 },
        { ...browserApp, function: 'Object.handleClick', lineno: 1, colno: 4410, context_line: '  const total = cart.items.length;' },
        { ...browserApp, function: '?', lineno: 1, colno: 5120 },
      ] } }] },
    },
    hashes: [
      ['handleClick', 'const total = cart.items.length;', 'TypeError'],
      ['r', 'handleClick', 'const total = cart.items.length;', 'TypeError'],
    ],
  },
  {
    name: 'Safari: a [native code] frame drops out, so app and system agree',
    event: {
      platform: 'javascript',
      exception: { values: [{ type: 'Error', value: 'boom', stacktrace: { frames: [
        { abs_path: '[native code]', filename: '[native code]', function: 'forEach', in_app: false },
        { ...browserApp, function: 'render' },
      ] } }] },
    },
    hashes: [['render', 'Error']],
  },
  {
    name: 'source-mapped frame: module kept, function replaced by the source line',
    event: {
      platform: 'javascript',
      exception: { values: [{ type: 'TypeError', value: 'item is undefined', stacktrace: { frames: [{
        abs_path: 'webpack:///./src/cart.js', filename: './src/cart.js', module: 'src/cart', function: 'addItem',
        context_line: '    items.push(item.id);', data: { sourcemap: 'https://shop.example.com/static/app.js.map' }, in_app: true,
      }] } }] },
    },
    hashes: [['src/cart', 'items.push(item.id);', 'TypeError']],
  },
  {
    name: 'a lone nameless URL frame says nothing: type and parameterized value decide',
    event: {
      platform: 'javascript',
      exception: { values: [{ type: 'Error', value: 'Script error 42', stacktrace: { frames: [
        { abs_path: 'https://x.io/app.js', filename: 'app.js', context_line: 'init()', lineno: 1, colno: 2000, in_app: true },
      ] } }] },
    },
    hashes: [['Error', 'Script error <int>']],
  },
  {
    name: 'a JS module that is only the path tail is ignored, the filename is used',
    event: {
      platform: 'javascript',
      exception: { values: [{ type: 'RangeError', value: 'Invalid array length', stacktrace: { frames: [
        { abs_path: '/srv/www/lib/grid', filename: 'grid.js', module: 'lib/grid', function: 'Grid.resize', in_app: true },
      ] } }] },
    },
    hashes: [['grid.js', 'resize', 'RangeError']],
  },
  {
    name: 'Node: module over filename, context line, system frames only in the system hash',
    event: {
      platform: 'node',
      exception: { values: [{ type: 'TypeError', value: "Cannot read properties of null (reading 'id')", stacktrace: { frames: [
        { filename: 'node:internal/process/task_queues', abs_path: 'node:internal/process/task_queues', module: 'task_queues', function: 'process.processTicksAndRejections', lineno: 95, in_app: false },
        { filename: '/app/src/routes/users.js', abs_path: '/app/src/routes/users.js', module: 'routes.users', function: 'Object.getUser', lineno: 42, colno: 17, context_line: '    return user.profile.id;', in_app: true },
      ] } }] },
    },
    hashes: [
      ['routes.users', 'getUser', 'return user.profile.id;', 'TypeError'],
      ['task_queues', 'processTicksAndRejections', 'routes.users', 'getUser', 'return user.profile.id;', 'TypeError'],
    ],
  },
  {
    name: 'Node error with a cause (SDK exception ids): the tree puts the root error first',
    event: {
      platform: 'node',
      exception: { values: [
        { type: 'Error', value: 'connect ECONNREFUSED 10.0.0.5:5432', mechanism: { type: 'chained', source: 'cause', exception_id: 1, parent_id: 0 }, stacktrace: { frames: [
          { filename: '/app/node_modules/pg/lib/client.js', module: 'pg.lib:client', function: 'Client._handleErrorEvent', in_app: false },
          { filename: '/app/src/db.js', module: 'db', function: 'connect', in_app: true },
        ] } },
        { type: 'Error', value: 'Failed to load user 42', mechanism: { type: 'generic', exception_id: 0 }, stacktrace: { frames: [
          { filename: '/app/src/users.js', module: 'users', function: 'loadUser', in_app: true },
        ] } },
      ] },
    },
    hashes: [
      ['users', 'loadUser', 'Error', 'db', 'connect', 'Error'],
      ['users', 'loadUser', 'Error', 'pg.lib:client', '_handleErrorEvent', 'db', 'connect', 'Error'],
    ],
  },
  {
    name: 'captureMessage from JavaScript: message parameterized',
    event: { platform: 'javascript', logentry: { formatted: 'Checkout failed for order 8812 after 1500ms' } },
    hashes: [['Checkout failed for order <int> after <duration>']],
  },
];

const pyFrame = (module: string, fn: string, inApp: boolean, contextLine?: string) => ({
  module, function: fn, filename: `${module.replace(/\./g, '/')}.py`, abs_path: `/srv/${module.replace(/\./g, '/')}.py`, in_app: inApp, lineno: 10,
  ...(contextLine ? { context_line: contextLine } : {}),
});

export const PYTHON_CASES: GoldenCase[] = [
  {
    name: 'Django view KeyError: app frames with source lines, library frames only in system',
    event: {
      platform: 'python',
      exception: { values: [{ type: 'KeyError', value: "'user_id'", module: 'builtins', stacktrace: { frames: [
        pyFrame('django.core.handlers.base', '_get_response', false, 'response = wrapped_callback(request, *callback_args, **callback_kwargs)'),
        pyFrame('shop.views', 'checkout', true, "    user = request.session['user_id']"),
      ] } }] },
    },
    hashes: [
      ['shop.views', 'checkout', "user = request.session['user_id']", 'KeyError'],
      ['django.core.handlers.base', '_get_response', 'response = wrapped_callback(request, *callback_args, **callback_kwargs)', 'shop.views', 'checkout', "user = request.session['user_id']", 'KeyError'],
    ],
  },
  {
    name: 'a source line over 120 characters is left out',
    event: {
      platform: 'python',
      exception: { values: [{ type: 'ValueError', value: 'bad', stacktrace: { frames: [pyFrame('shop.tasks', 'sync', true, `x = ${'a'.repeat(130)}`)] } }] },
    },
    hashes: [['shop.tasks', 'sync', 'ValueError']],
  },
  {
    name: 'chained exceptions without ids keep their order, innermost first',
    event: {
      platform: 'python',
      exception: { values: [
        { type: 'KeyError', value: "'sku'", stacktrace: { frames: [pyFrame('shop.cart', 'lookup', true)] } },
        { type: 'CartError', value: 'item missing', stacktrace: { frames: [pyFrame('shop.views', 'add', true)] } },
      ] },
    },
    hashes: [['shop.cart', 'lookup', 'KeyError', 'shop.views', 'add', 'CartError']],
  },
  {
    name: 'exception group with two leaf types: leaves by type, descending, then the group',
    event: {
      platform: 'python',
      sdk: { name: 'sentry.python', version: '2.19.0' },
      exception: { values: [
        { type: 'ExceptionGroup', value: 'batch failed (2 sub-exceptions)', mechanism: { type: 'chained', exception_id: 0, is_exception_group: true }, stacktrace: { frames: [pyFrame('shop.batch', 'run', true)] } },
        { type: 'TimeoutError', value: 'took 30s', mechanism: { type: 'chained', exception_id: 1, parent_id: 0 } },
        { type: 'ConnectionError', value: 'reset', mechanism: { type: 'chained', exception_id: 2, parent_id: 0 } },
      ] },
    },
    // The leaves have no stack trace, so they have no system variant: the system hash is the group's alone.
    hashes: [
      ['TimeoutError', 'took <duration>', 'ConnectionError', 'reset', 'shop.batch', 'run', 'ExceptionGroup'],
      ['shop.batch', 'run', 'ExceptionGroup'],
    ],
  },
  {
    name: 'exception group of one repeated error collapses to that error',
    event: {
      platform: 'python',
      sdk: { name: 'sentry.python', version: '2.19.0' },
      exception: { values: [
        { type: 'ExceptionGroup', value: 'all failed', mechanism: { exception_id: 0, is_exception_group: true } },
        { type: 'ValueError', value: 'bad row 1', mechanism: { exception_id: 1, parent_id: 0 } },
        { type: 'ValueError', value: 'bad row 2', mechanism: { exception_id: 2, parent_id: 0 } },
      ] },
    },
    hashes: [['ValueError', 'bad row <int>']],
  },
  {
    name: 'Python SDK 3.x exception groups are hashed whole (the reference keeps old hashes)',
    event: {
      platform: 'python',
      sdk: { name: 'sentry.python', version: '3.0.0' },
      exception: { values: [
        { type: 'ExceptionGroup', value: 'all failed', mechanism: { exception_id: 0, is_exception_group: true } },
        { type: 'ValueError', value: 'bad row 1', mechanism: { exception_id: 1, parent_id: 0 } },
      ] },
    },
    hashes: [['ExceptionGroup', 'all failed', 'ValueError', 'bad row <int>']],
  },
  {
    name: 'logging.error with an e-mail and a count',
    event: { platform: 'python', logentry: { message: 'Failed to send to %s after %d retries', formatted: 'Failed to send to bob@example.com after 3 retries' } },
    hashes: [['Failed to send to <email> after <int> retries']],
  },
  {
    name: 'a multi-line message keeps two lines and marks the cut',
    event: { platform: 'python', logentry: { formatted: 'Sync failed\n\nhost db-2.example.net unreachable\nretry at 2024-05-01T10:00:00Z' } },
    hashes: [['Sync failed\nhost <hostname> unreachable...']],
  },
  {
    name: 'direct recursion counts once',
    event: {
      platform: 'python',
      stacktrace: { frames: [pyFrame('shop.tree', 'walk', true), pyFrame('shop.tree', 'walk', true), pyFrame('shop.tree', 'walk', true), pyFrame('shop.tree', 'leaf', true)] },
    },
    hashes: [['shop.tree', 'walk', 'shop.tree', 'leaf']],
  },
];

const javaFrame = (module: string, fn: string, inApp: boolean) => ({
  module, function: fn, filename: `${module.split('.').pop()!.split('$')[0]}.java`, lineno: 20, in_app: inApp,
});

export const JAVA_CASES: GoldenCase[] = [
  {
    name: 'Spring service NPE: module and function, filename never',
    event: {
      platform: 'java',
      exception: { values: [{ type: 'NullPointerException', module: 'java.lang', value: 'Cannot invoke "String.length()"', stacktrace: { frames: [
        javaFrame('org.springframework.web.servlet.FrameworkServlet', 'service', false),
        javaFrame('com.example.orders.OrderController', 'create', true),
        javaFrame('com.example.orders.OrderService', 'validate', true),
      ] } }] },
    },
    hashes: [
      ['com.example.orders.OrderController', 'create', 'com.example.orders.OrderService', 'validate', 'NullPointerException'],
      ['org.springframework.web.servlet.FrameworkServlet', 'service', 'com.example.orders.OrderController', 'create', 'com.example.orders.OrderService', 'validate', 'NullPointerException'],
    ],
  },
  {
    name: 'Caused by: chained Java exceptions, cause first',
    event: {
      platform: 'java',
      exception: { values: [
        { type: 'SQLException', module: 'java.sql', value: 'Connection refused', stacktrace: { frames: [javaFrame('com.example.db.Pool', 'borrow', true)] } },
        { type: 'DataAccessException', module: 'org.springframework.dao', value: 'Could not get connection', stacktrace: { frames: [javaFrame('com.example.db.Repo', 'find', true)] } },
      ] },
    },
    hashes: [['com.example.db.Pool', 'borrow', 'SQLException', 'com.example.db.Repo', 'find', 'DataAccessException']],
  },
  {
    name: 'lambdas and CGLIB proxies are normalized',
    event: {
      platform: 'java',
      exception: { values: [{ type: 'IllegalStateException', value: 'closed', stacktrace: { frames: [
        { module: 'com.example.Service$$EnhancerBySpringCGLIB$$8f3a2b1c', function: 'process', filename: '<generated>', in_app: true },
        { module: 'com.example.Worker$$Lambda$123/0x0000000800c4b840', function: 'accept', filename: 'Worker.java', in_app: true },
        { module: 'com.example.Worker', function: 'lambda$run$0', filename: 'Worker.java', in_app: true },
      ] } }] },
    },
    hashes: [['com.example.Service$$EnhancerBySpringCGLIB$$<auto>', 'process', 'worker.java', 'accept', 'com.example.Worker', 'IllegalStateException']],
  },
  {
    name: 'reflection accessors lose their counter',
    event: {
      platform: 'java',
      exception: { values: [{ type: 'InvocationTargetException', stacktrace: { frames: [
        { module: 'sun.reflect.GeneratedMethodAccessor812', function: 'invoke', in_app: false },
        { module: 'com.example.Job', function: 'execute', in_app: true },
      ] } }] },
    },
    hashes: [
      ['com.example.Job', 'execute', 'InvocationTargetException'],
      ['sun.reflect.GeneratedMethodAccessor', 'invoke', 'com.example.Job', 'execute', 'InvocationTargetException'],
    ],
  },
  {
    name: 'no in-app frame: only the system hash',
    event: {
      platform: 'java',
      exception: { values: [{ type: 'OutOfMemoryError', value: 'Java heap space', stacktrace: { frames: [javaFrame('java.util.Arrays', 'copyOf', false)] } }] },
    },
    hashes: [['java.util.Arrays', 'copyOf', 'OutOfMemoryError']],
  },
];

export const NATIVE_CASES: GoldenCase[] = [
  {
    name: 'C++ crash in the crashed thread: signatures trimmed, unknown functions ignored',
    event: {
      platform: 'native',
      threads: { values: [
        { id: 1, current: true, stacktrace: { frames: [{ function: 'idle', package: '/usr/lib/libc.so.6', in_app: false }] } },
        { id: 2, crashed: true, stacktrace: { frames: [
          { function: '<unknown>', package: '/usr/lib/libc.so.6', in_app: false },
          { function: 'void engine::Renderer::draw(engine::Scene const&)', package: '/opt/game/bin/game', in_app: true },
          { function: 'std::vector<int, std::allocator<int> >::at(unsigned long)', package: '/usr/lib/libstdc++.so.6', in_app: false },
        ] } },
      ] },
    },
    hashes: [
      ['engine::Renderer::draw'],
      ['engine::Renderer::draw', 'std::vector<T>::at'],
    ],
  },
  {
    name: 'native exception with a synthetic type: the value stands in when no frame contributes',
    event: {
      platform: 'native',
      exception: { values: [{ type: 'EXC_BAD_ACCESS', value: 'KERN_INVALID_ADDRESS at 0x0000000000000010', mechanism: { type: 'mach', synthetic: true }, stacktrace: { frames: [
        { function: '<redacted>', package: 'libsystem', in_app: false },
      ] } }] },
    },
    hashes: [['KERN_INVALID_ADDRESS at <hex>']],
  },
  {
    name: 'Rust panic: hash suffixes dropped',
    event: {
      platform: 'native',
      exception: { values: [{ type: 'panic', value: 'called `Option::unwrap()` on a `None` value', stacktrace: { frames: [
        { function: 'std::panicking::begin_panic::h0b5c0f1a2b3c4d5e', in_app: false },
        { function: 'relay_server::actors::project::ProjectState::check::h1a2b3c4d5e6f7a8b', in_app: true },
      ] } }] },
    },
    hashes: [
      ['relay_server::actors::project::ProjectState::check', 'panic'],
      ['std::panicking::begin_panic', 'relay_server::actors::project::ProjectState::check', 'panic'],
    ],
  },
  {
    name: 'Cocoa NSError: domain and code replace the value',
    event: {
      platform: 'cocoa',
      exception: { values: [{ type: 'NSError', value: 'The request timed out.', mechanism: { type: 'NSError', meta: { ns_error: { domain: 'NSURLErrorDomain', code: -1001 } } } }] },
    },
    hashes: [['NSError', 'NSURLErrorDomain', '-1001']],
  },
  {
    name: 'Objective-C selectors are kept as they are',
    event: {
      platform: 'cocoa',
      exception: { values: [{ type: 'NSInvalidArgumentException', value: 'unrecognized selector', stacktrace: { frames: [
        { function: '-[AppDelegate application:didFinishLaunchingWithOptions:]', package: '/var/containers/Bundle/Application/X/App.app/App', in_app: true },
      ] } }] },
    },
    hashes: [['-[AppDelegate application:didFinishLaunchingWithOptions:]', 'NSInvalidArgumentException']],
  },
];

export const OTHER_PLATFORM_CASES: GoldenCase[] = [
  {
    name: 'C#: the raw function name is preferred',
    event: {
      platform: 'csharp',
      exception: { values: [{ type: 'System.InvalidOperationException', value: 'Sequence contains no elements', stacktrace: { frames: [
        { module: 'System.Linq.Enumerable', function: 'First', raw_function: 'First[TSource](IEnumerable`1 source)', in_app: false },
        { module: 'Shop.Api.Orders', function: 'Get', raw_function: 'Get (System.Int32 id)', in_app: true },
      ] } }] },
    },
    hashes: [
      ['Shop.Api.Orders', 'Get (System.Int32 id)', 'System.InvalidOperationException'],
      ['System.Linq.Enumerable', 'First[TSource](IEnumerable`1 source)', 'Shop.Api.Orders', 'Get (System.Int32 id)', 'System.InvalidOperationException'],
    ],
  },
  {
    name: 'Ruby: blocks and erb template suffixes',
    event: {
      platform: 'ruby',
      exception: { values: [{ type: 'NoMethodError', value: "undefined method `name' for nil", stacktrace: { frames: [
        { filename: 'app/views/orders/show.html.erb', function: '_app_views_orders_show_html_erb___1234567_8901234', in_app: true },
        { filename: 'app/models/order.rb', function: 'block (2 levels) in total', in_app: true },
      ] } }] },
    },
    hashes: [['show.html.erb', '_app_views_orders_show_html_erb_', 'order.rb', 'block', 'NoMethodError']],
  },
  {
    name: 'PHP: anonymous functions ignored',
    event: {
      platform: 'php',
      exception: { values: [{ type: 'ErrorException', value: 'Undefined index: id', stacktrace: { frames: [
        { filename: '/var/www/src/Router.php', function: '{closure}', in_app: true },
        { filename: '/var/www/src/Handler.php', function: '[Anonymous function]', in_app: true },
      ] } }] },
    },
    hashes: [['router.php', '{closure}', 'handler.php', 'ErrorException']],
  },
];

export const MESSAGE_AND_FINGERPRINT_CASES: GoldenCase[] = [
  {
    name: 'message with URL, IP, UUID, hex and date',
    event: { logentry: { formatted: 'GET https://api.example.com/v2/items?page=2 from 203.0.113.9 req 123e4567-e89b-12d3-a456-426614174000 at 2024-06-01 12:00:00 code 0x1F' } },
    hashes: [['GET <url> from <ip> req <uuid> at <date> code <hex>']],
  },
  {
    name: 'message with key=value pairs',
    event: { logentry: { formatted: 'retry user="alice" ok=false attempts=3' } },
    hashes: [['retry user=<quoted_str> ok=<bool> attempts=<int>']],
  },
  {
    name: 'custom fingerprint with variables and a tag',
    event: {
      platform: 'python',
      transaction: '/api/orders',
      tags: [['tenant', 'acme']],
      fingerprint: ['{{ transaction }}', '{{ tags.tenant }}', 'db-timeout'],
      exception: { values: [{ type: 'OperationalError', value: 'timeout', stacktrace: { frames: [pyFrame('shop.db', 'query', true)] } }] },
    },
    hashes: [['/api/orders', 'acme', 'db-timeout']],
  },
  {
    name: 'custom fingerprint of literals only',
    event: { fingerprint: ['rate-limit', 'stripe'], logentry: { formatted: 'Too many requests 429' } },
    hashes: [['rate-limit', 'stripe']],
  },
  {
    name: 'custom fingerprint variables with their fallbacks',
    event: { fingerprint: ['{{ function }}', '{{ type }}', '{{ logger }}'] },
    hashes: [['<no-function>', '<no-type>', '<no-logger>']],
  },
  {
    name: 'hybrid fingerprint salts app and system',
    event: {
      platform: 'python',
      level: 'error',
      fingerprint: ['{{ default }}', '{{ level }}'],
      exception: { values: [{ type: 'ValueError', value: 'x', stacktrace: { frames: [pyFrame('lib.io', 'read', false), pyFrame('shop.io', 'load', true)] } }] },
    },
    hashes: [
      ['shop.io', 'load', 'ValueError', 'error'],
      ['lib.io', 'read', 'shop.io', 'load', 'ValueError', 'error'],
    ],
  },
  {
    name: 'hybrid fingerprint on a message event',
    event: { fingerprint: ['checkout', '{{ default }}'], logentry: { formatted: 'Card 4242 declined' } },
    hashes: [['checkout', 'Card <int> declined']],
  },
  {
    name: 'template error',
    event: { platform: 'python', template: { filename: 'orders/detail.html', context_line: '{{ order.customer.name }}', lineno: 12 } },
    hashes: [['orders/detail.html', '{{ order.customer.name }}']],
  },
  {
    name: 'two threads, none crashed: the event stack trace decides',
    event: {
      platform: 'native',
      threads: { values: [{ id: 1 }, { id: 2 }] },
      stacktrace: { frames: [{ function: 'main', in_app: true }, { function: 'fail', in_app: true }] },
    },
    hashes: [['main', 'fail']],
  },
  {
    name: 'an event with nothing to group by',
    event: { platform: 'other' },
    hashes: [[]],
  },
];

export const GOLDEN_CASES: GoldenCase[] = [
  ...JAVASCRIPT_CASES, ...PYTHON_CASES, ...JAVA_CASES, ...NATIVE_CASES, ...OTHER_PLATFORM_CASES, ...MESSAGE_AND_FINGERPRINT_CASES,
];
