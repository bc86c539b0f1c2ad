import { functionNameOfFrame, trimFunctionName } from './function-name';

describe('trimFunctionName', () => {
  it.each([
    ['a C++ method with arguments', 'std::vector<int>::push_back(int const&)', 'std::vector<T>::push_back'],
    ['a return type and const trailer', 'unsigned int Foo::bar(int) const', 'Foo::bar'],
    ['a Rust hash suffix', 'core::result::unwrap_failed::h4ba5cf6e4bbbb3ab', 'core::result::unwrap_failed'],
    ['a Rust trait impl, keeping the type', '<my_crate::Foo as core::fmt::Display>::fmt', 'my_crate::Foo::fmt'],
    ['a Rust blanket impl, keeping the trait', '<T as core::convert::Into<U>>::into', 'core::convert::Into<T>::into'],
    ['a GLIBC version', 'memcpy@@GLIBC_2.14', 'memcpy'],
    ['a Windows decoration', '_foo@12', '_foo'],
    ['a cloned function', 'compute(int) [clone .cold]', 'compute'],
    ['an anonymous namespace', '(anonymous namespace)::helper()', '(anonymous namespace)::helper'],
    ['a gcc lambda', 'main::{lambda(int)#1}::operator()(int) const', 'main::lambda::operator()'],
    ['a Swift function with a return arrow', 'static MyApp.Worker.run(Swift.Int) -> Swift.Bool', 'MyApp.Worker.run'],
  ])('trims %s', (_case, input, expected) => {
    expect(trimFunctionName(input, 'native')).toBe(expected);
  });

  it('leaves Objective-C selectors and placeholders alone', () => {
    expect(trimFunctionName('-[UIView layoutSubviews]', 'cocoa')).toBe('-[UIView layoutSubviews]');
    expect(trimFunctionName('<unknown>', 'native')).toBe('<unknown>');
  });

  it('drops the argument list of a C# signature', () => {
    expect(trimFunctionName('Run (System.Int32 count)', 'csharp')).toBe('Run');
  });

  it('leaves other platforms alone', () => {
    expect(trimFunctionName('foo(bar)', 'python')).toBe('foo(bar)');
  });
});

describe('functionNameOfFrame', () => {
  it('trims when the SDK sent no raw name', () => {
    expect(functionNameOfFrame({ function: 'ns::run(int)' }, 'native')).toBe('ns::run');
  });

  it('keeps the name as sent when a raw name exists', () => {
    expect(functionNameOfFrame({ function: 'ns::run(int)', raw_function: 'ns::run(int)' }, 'native')).toBe('ns::run(int)');
  });
});

describe('trimFunctionName, Swift corners', () => {
  it('takes the token before a throwing arrow', () => {
    expect(trimFunctionName('App.load(Swift.String) throws -> Swift.Int', 'swift')).toBe('App.load');
  });

  it('names anonymous closures and their thunks', () => {
    expect(trimFunctionName('@callee_guaranteed () -> ()', 'swift')).toBe('closure');
    expect(trimFunctionName('reabstraction thunk for @callee_guaranteed () -> ()', 'swift')).toBe('thunk for closure');
    expect(trimFunctionName('@objc App.View.tap(Any) -> ()', 'swift')).toBe('App.View.tap');
  });

  it('keeps the reference quirk for numbered closures (the token before the arrow)', () => {
    expect(trimFunctionName('closure #1 () -> () in App.run()', 'swift')).toBe('closure in #1');
  });

  it('counts from the end when the arrow comes first, as Python indexing does', () => {
    expect(trimFunctionName('-> Swift.Int foo', 'swift')).toBe('foo');
  });
});
