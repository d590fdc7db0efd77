using System.ComponentModel;
using System.Diagnostics;

namespace AccessToken.Emulator;

/// <summary>
/// Stops the emulator when the process that started it is gone, so a crashed or killed test run
/// never leaves a server behind on a CI machine.
/// </summary>
public static class ParentProcessWatcher
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task WatchAsync(int pid, Action stopEmulator, CancellationToken stopping)
    {
        // Remembering the start time tells a live parent from a new process that reused its pid.
        DateTime? startTime = TryGetStartTime(pid);
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            if (!IsAlive(pid, startTime))
            {
                stopEmulator();
                return;
            }
        }
        while (await WaitAsync(timer, stopping));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static bool IsAlive(int pid, DateTime? startTime)
    {
        if (OperatingSystem.IsLinux() && IsGoneOnLinux(pid))
        {
            return false;
        }
        try
        {
            using Process process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return false;
            }
            return startTime is null || process.StartTime == startTime;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // The process exists but cannot be inspected (another user's, say): treat it as alive.
            return true;
        }
    }

    /// <summary>
    /// A parent that has exited but not been reaped still answers to its pid as a zombie; /proc
    /// shows its state, which the portable Process API does not.
    /// </summary>
    private static bool IsGoneOnLinux(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        // The state letter follows the command name, which is in parentheses and may hold spaces.
        int close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
    }

    private static DateTime? TryGetStartTime(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return process.StartTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
