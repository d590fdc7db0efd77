namespace Losant.AccessTokens.Tests.Infrastructure;

/// <summary>
/// A theory that sets the process's time zone with the TZ environment variable, as Linux and
/// macOS allow. Windows takes the time zone from the system alone, so there it is skipped, saying why.
/// </summary>
public sealed class TimeZoneTheoryAttribute : TheoryAttribute
{
    public TimeZoneTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Windows takes a process's time zone from the system, not from TZ, and changing the system's needs an administrator";
        }
    }
}
