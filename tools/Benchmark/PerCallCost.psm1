# Section 1 of the benchmark: what one get by id costs, in time and in bytes allocated, through
# Get-AccessToken and through what a user would write without it, beside the floor.

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Measurement.psm1')

# The floor: the same requests from compiled code, one HttpClient, nothing else.
Add-Type -TypeDefinition @'
using System;
using System.Diagnostics;
using System.Net.Http;

public static class RawHttpFloor
{
    public static double MeasureMilliseconds(string baseUri, string apiToken, string[] ids)
    {
        using (var client = new HttpClient())
        {
            var clock = Stopwatch.StartNew();
            foreach (var id in ids)
            {
                using (var request = new HttpRequestMessage(HttpMethod.Get, baseUri + "/me/tokens/" + id + "?_actions=false&_links=true&_embedded=true"))
                {
                    request.Headers.TryAddWithoutValidation("Accept", "application/json");
                    request.Headers.TryAddWithoutValidation("Accept-Version", "^1.30.0");
                    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + apiToken);
                    using (var response = client.SendAsync(request).GetAwaiter().GetResult())
                    {
                        response.EnsureSuccessStatusCode();
                        response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                    }
                }
            }
            return clock.Elapsed.TotalMilliseconds;
        }
    }
}
'@

function Measure-PerCallCost {
    <# Sequential gets by id from each client after a warm-up; the median time and bytes per call of each. #>
    param($Emulator, [int] $SequentialCalls, [int] $WarmupRounds)
    $apiToken = $Emulator.SecureApiToken
    $connection = @{ ApiToken = $apiToken; BaseUri = $Emulator.Url }
    Set-EmulatorConfig $Emulator -Record $false

    # 1. Sequential gets by id.
    Write-Host "1. $SequentialCalls sequential gets by id" -ForegroundColor Cyan
    $ids = 1..$SequentialCalls | Get-EmulatorSeedId
    $headers = @{ Accept = 'application/json'; 'Accept-Version' = '^1.30.0' }
    # Warm up every path (JIT, connections) before measuring.
    $null = $ids[0..99] | Get-AccessToken @connection
    $null = [RawHttpFloor]::MeasureMilliseconds($emulator.Url, $emulator.ApiToken, $ids[0..99])
    foreach ($id in $ids[0..99]) { $null = Invoke-RestMethod -Uri "$($emulator.Url)/me/tokens/$($id)?_actions=false&_links=true&_embedded=true" -Headers $headers -Authentication Bearer -Token $apiToken -AllowUnencryptedAuthentication }

    # What a script that drives HttpClient itself pays: the floor plus PowerShell's own loop.
    $scriptedClient = [System.Net.Http.HttpClient]::new()
    $scriptedLoop = {
        foreach ($id in $ids) {
            $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Get, "$($emulator.Url)/me/tokens/$($id)?_actions=false&_links=true&_embedded=true")
            $null = $request.Headers.TryAddWithoutValidation('Accept', 'application/json')
            $null = $request.Headers.TryAddWithoutValidation('Accept-Version', '^1.30.0')
            $null = $request.Headers.TryAddWithoutValidation('Authorization', "Bearer $($emulator.ApiToken)")
            $response = $scriptedClient.SendAsync($request).GetAwaiter().GetResult()
            $null = $response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult()
            $response.Dispose()
            $request.Dispose()
        }
    }
    & $scriptedLoop

    # PowerShell's own code, its parameter binder above all, starts out unoptimized: .NET's tiered
    # compiler optimizes it only after some seconds of calls, and until then each piped call
    # allocates nearly 2 KB more, which the optimized code does not. The figures below are a
    # session's steady state, after this warm-up of every row (Invoke-RestMethod, slow as it is, in
    # a quarter of the rounds); the first round shows what a new process pays.
    $firstPipedRound = Measure-Run { $ids | Get-AccessToken @connection }
    for ($warm = 0; $warm -lt $WarmupRounds; $warm++) {
        $null = [RawHttpFloor]::MeasureMilliseconds($emulator.Url, $emulator.ApiToken, $ids)
        & $scriptedLoop
        $null = $ids | Get-AccessToken @connection
        $null = Get-AccessToken -AccessTokenId $ids @connection
        if ($warm % 4 -eq 0) {
            foreach ($id in $ids) { $null = Invoke-RestMethod -Uri "$($emulator.Url)/me/tokens/$($id)?_actions=false&_links=true&_embedded=true" -Headers $headers -Authentication Bearer -Token $apiToken -AllowUnencryptedAuthentication }
        }
    }

    $rounds = 3
    $module = @(); $raw = @(); $irm = @(); $scripted = @(); $array = @()
    for ($round = 0; $round -lt $rounds; $round++) {
        $raw += Measure-Run { [RawHttpFloor]::MeasureMilliseconds($emulator.Url, $emulator.ApiToken, $ids) }
        $scripted += Measure-Run $scriptedLoop
        $module += Measure-Run { $ids | Get-AccessToken @connection }
        $array += Measure-Run { Get-AccessToken -AccessTokenId $ids @connection }
        $irm += Measure-Run {
            foreach ($id in $ids) {
                Invoke-RestMethod -Uri "$($emulator.Url)/me/tokens/$($id)?_actions=false&_links=true&_embedded=true" -Headers $headers -Authentication Bearer -Token $apiToken -AllowUnencryptedAuthentication
            }
        }
    }
    $msPerCall = { param($runs) [Math]::Round((Get-Median $runs.Ms) / $SequentialCalls, 4) }
    $kbPerCall = { param($runs) [Math]::Round((Get-Median $runs.Bytes) / $SequentialCalls / 1024, 1) }
    $perCall = [ordered]@{
        calls                    = $SequentialCalls
        rawHttpClientMsPerCall   = & $msPerCall $raw
        scriptedHttpClientMsPerCall = & $msPerCall $scripted
        getAccessTokenMsPerCall  = & $msPerCall $module
        getAccessTokenArrayMsPerCall = & $msPerCall $array
        invokeRestMethodMsPerCall = & $msPerCall $irm
        rawHttpClientKBPerCall   = & $kbPerCall $raw
        scriptedHttpClientKBPerCall = & $kbPerCall $scripted
        getAccessTokenKBPerCall  = & $kbPerCall $module
        getAccessTokenFirstRoundKBPerCall = [Math]::Round($firstPipedRound.Bytes / $SequentialCalls / 1024, 1)
        getAccessTokenArrayKBPerCall = & $kbPerCall $array
        invokeRestMethodKBPerCall = & $kbPerCall $irm
    }
    $perCall.moduleOverRaw = [Math]::Round($perCall.getAccessTokenMsPerCall / $perCall.rawHttpClientMsPerCall, 3)
    $perCall.moduleOverInvokeRestMethod = [Math]::Round($perCall.getAccessTokenMsPerCall / $perCall.invokeRestMethodMsPerCall, 3)
    $perCall | Format-Table | Out-Host
    $perCall
}

Export-ModuleMember -Function Measure-PerCallCost
