using System.Runtime.InteropServices;
using System.Security;

namespace Losant.AccessTokens.Tests.Infrastructure;

public static class Secrets
{
    /// <summary>The characters of a SecureString, for asserting what it holds.</summary>
    public static string Reveal(SecureString secret)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
