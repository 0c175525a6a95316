namespace ServingNotebooks.Tests;

/// <summary>
/// A class fixture whose <typeparamref name="T"/> is made once for the whole test run: the first test class that asks for
/// it initializes it (grades a class, runs notebooks), every later class gets the same instance, and it is disposed when
/// the test process exits. For the expensive fixtures several test classes read (a graded class): take
/// <c>IClassFixture&lt;SharedFixture&lt;T&gt;&gt;</c> and read <see cref="Value"/> (docs/testing.md). A failure is kept too:
/// every class that asks again sees the same exception instead of starting the work over.
/// </summary>
/// <remarks>
/// xunit 2 has no assembly fixtures, and a collection fixture is made when its collection starts, even for a run filtered
/// to one test that does not need it; this is made only when a class that needs it runs.
/// </remarks>
/// <typeparam name="T">The fixture: made with <c>new()</c>, then <see cref="IAsyncLifetime.InitializeAsync"/>.</typeparam>
public sealed class SharedFixture<T> : IAsyncLifetime
    where T : class, IAsyncLifetime, new()
{
    private static readonly Lazy<Task<T>> Instance = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The one instance, initialized.</summary>
    public T Value { get; private set; } = null!;

    public async Task InitializeAsync() => Value = await Instance.Value;

    /// <summary>Nothing: later classes still read the instance; it is disposed when the process exits.</summary>
    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<T> CreateAsync()
    {
        var fixture = new T();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => fixture.DisposeAsync().GetAwaiter().GetResult();
        await fixture.InitializeAsync();
        return fixture;
    }
}
