using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AccessToken.Emulator;

/// <summary>Why <c>POST /auth/user</c> refused a sign-in.</summary>
public enum SignInRefusal
{
    None,
    WrongCredentials,
    TwoFactorCodeMissing,
    TwoFactorCodeWrong,
}

/// <summary>
/// The one user who can sign in with <c>POST /auth/user</c>, and the user tokens handed out so
/// far. Those tokens are accepted as <c>Authorization: Bearer</c> beside the emulator's API token.
/// </summary>
public sealed class UserAccount
{
    public const string DefaultEmail = "user@example.com";
    public const string DefaultPassword = "emulator-password";

    private readonly ConcurrentDictionary<string, long> _issued = new(StringComparer.Ordinal);
    private volatile Settings _settings = Settings.Default;
    private long _signIns;
    private long _refusals;

    public string Email => _settings.Email;

    public bool TwoFactorRequired => _settings.TwoFactorCode is not null;

    public int IssuedCount => _issued.Count;

    public long SignIns => Interlocked.Read(ref _signIns);

    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>Replaces the fields given; a null <paramref name="twoFactorCode"/> keeps the current one unless <paramref name="clearTwoFactor"/>.</summary>
    public void Configure(string? email, string? password, string? twoFactorCode, bool clearTwoFactor)
    {
        Settings current = _settings;
        _settings = new Settings(
            email ?? current.Email,
            password ?? current.Password,
            clearTwoFactor ? null : twoFactorCode ?? current.TwoFactorCode);
    }

    /// <summary>Back to the default user without two-factor authentication; issued tokens stop working.</summary>
    public void Reset()
    {
        _settings = Settings.Default;
        _issued.Clear();
        Interlocked.Exchange(ref _signIns, 0);
        Interlocked.Exchange(ref _refusals, 0);
    }

    public SignInRefusal TrySignIn(UserCredentials credentials, out string token)
    {
        token = string.Empty;
        Settings settings = _settings;
        // Email addresses compare without regard to case, as sign-in forms do; passwords exactly.
        SignInRefusal refusal =
            !string.Equals(credentials.Email, settings.Email, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(credentials.Password, settings.Password, StringComparison.Ordinal)
                ? SignInRefusal.WrongCredentials
            : settings.TwoFactorCode is null ? SignInRefusal.None
            : string.IsNullOrEmpty(credentials.TwoFactorCode) ? SignInRefusal.TwoFactorCodeMissing
            : credentials.TwoFactorCode != settings.TwoFactorCode ? SignInRefusal.TwoFactorCodeWrong
            : SignInRefusal.None;
        if (refusal != SignInRefusal.None)
        {
            Interlocked.Increment(ref _refusals);
            return refusal;
        }

        token = NewUserToken();
        long expires = credentials.TokenTtlSeconds is int ttl
            ? Environment.TickCount64 + ttl * 1000L
            : long.MaxValue;
        _issued[token] = expires;
        Interlocked.Increment(ref _signIns);
        return SignInRefusal.None;
    }

    public bool Accepts(ReadOnlySpan<char> token)
    {
        if (_issued.IsEmpty)
        {
            return false;
        }
        ConcurrentDictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> lookup = _issued.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(token, out long expires) && Environment.TickCount64 < expires;
    }

    private static string NewUserToken()
    {
        Span<byte> bytes = stackalloc byte[36];
        RandomNumberGenerator.Fill(bytes);
        return "user-" + Base64Url.EncodeToString(bytes);
    }

    private sealed record Settings(string Email, string Password, string? TwoFactorCode)
    {
        public static readonly Settings Default = new(DefaultEmail, DefaultPassword, null);
    }
}
