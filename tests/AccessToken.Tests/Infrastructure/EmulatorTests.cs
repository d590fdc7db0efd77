namespace Losant.AccessTokens.Tests.Infrastructure;

/// <summary>
/// A test class that runs against one emulator process (<see cref="EmulatorFixture"/>) shared by
/// its tests; each test starts from the emulator's seeds, so no test sees another's tokens.
/// </summary>
public abstract class EmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    protected EmulatorFixture Emulator { get; } = emulator;

    public virtual Task InitializeAsync() => Emulator.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A client of this emulator that speaks today's API (1.30).</summary>
    protected AccessTokenClient CurrentClient() => new(Emulator.CurrentSettings());
}
