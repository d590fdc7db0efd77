# Bulk work under faults and rate limits: a slow input does not hold up the others, a 429 is news
# for every request of the connection, and nothing is lost: every input gives one object or one
# error, in input order.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TodaysApi.psm1') -Force
    $script:State = Enter-TodaysApi
    $script:Emulator = $script:State.Emulator
    $script:Ids = 1..40 | Get-EmulatorSeedId

    function Get-Arrival([string] $Id) {
        # When the emulator received each request for one token, in order.
        Get-EmulatorRequest $script:Emulator | Where-Object path -Like "*/$Id" | ForEach-Object { [DateTimeOffset]$_.receivedAt }
    }
}

AfterAll {
    Exit-TodaysApi $script:State
}

Describe 'Bulk work under faults and rate limits' {
    BeforeEach {
        Reset-Emulator $script:Emulator -SeedCount 40
        Clear-EmulatorRateLimit $script:Emulator | Out-Null
        # A fresh session: what the last test taught a session's rate limit must not carry over.
        Connect-TodaysApi $script:Emulator
    }

    It 'An_input_that_fails_before_it_succeeds_holds_up_no_other_and_keeps_its_place_at_ThrottleLimit_16' {
        # The head fails three times (backoff 0.2, 0.4, 0.8 s) while the 39 behind it succeed at once.
        $head = $script:Ids[0]
        Set-EmulatorFault $script:Emulator @{ path = $head; kind = '500'; count = 3 }

        $output = @($script:Ids | Get-AccessToken -ThrottleLimit 16 -MaxRetries 3 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures.Count | Should -Be 0
        $output.Id | Should -Be $script:Ids
        $requests = @(Get-EmulatorRequest $script:Emulator)
        $lastHead = ($requests | Where-Object path -Like "*/$head" | Select-Object -Last 1).seq
        @($requests | Where-Object path -Like "*/$head").Count | Should -Be 4
        # Every other input was sent while the head waited for its retries: far more than one window of 16.
        @($requests | Where-Object { $_.seq -lt $lastHead -and $_.path -notlike "*/$head" }).Count | Should -Be 39
    }

    It 'A_429_pauses_every_request_in_flight_behind_it_for_its_Retry_After' {
        Set-EmulatorConfig $script:Emulator -LatencyMs 50
        $limited = $script:Ids[4]
        Set-EmulatorFault $script:Emulator @{ path = $limited; kind = '429'; retryAfter = 1; count = 1 }

        $output = @($script:Ids | Get-AccessToken -ThrottleLimit 8 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures.Count | Should -Be 0
        $output.Id | Should -Be $script:Ids
        # The 429 left the emulator 50 ms after the request arrived; from the moment the module had
        # it until its Retry-After ran out, the emulator saw no request at all.
        $answeredAt = (Get-Arrival $limited)[0].AddMilliseconds(50)
        $during = @(Get-EmulatorRequest $script:Emulator | Where-Object {
                $at = [DateTimeOffset]$_.receivedAt
                $at -gt $answeredAt.AddMilliseconds(150) -and $at -lt $answeredAt.AddMilliseconds(900)
            })
        $during.Count | Should -Be 0
        (Get-Arrival $limited)[1] - $answeredAt | Should -BeGreaterOrEqual ([TimeSpan]::FromMilliseconds(950))
    }

    It 'Verbose_says_when_and_for_how_long_every_request_waits_for_the_limit' {
        Set-EmulatorFault $script:Emulator @{ path = $script:Ids[2]; kind = '429'; retryAfter = 1; count = 1 }

        $verbose = $script:Ids[0..5] | Get-AccessToken -ThrottleLimit 4 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

        @($verbose | Where-Object { $_ -match "met the API's rate limit \(429\): every request waits 1000 ms" }).Count | Should -Be 1 -Because 'one 429 is one piece of news'
    }

    It 'A_429_met_by_one_call_of_a_session_pauses_the_next_call_of_that_session' {
        Set-EmulatorFault $script:Emulator @{ path = $script:Ids[0]; kind = '429'; retryAfter = 2; count = 1 }

        $null = Get-AccessToken -Id $script:Ids[0] -MaxRetries 0 -ErrorVariable failures -ErrorAction SilentlyContinue
        $null = Get-AccessToken -Id $script:Ids[1]

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RateLimited,*'
        (Get-Arrival $script:Ids[1])[0] - (Get-Arrival $script:Ids[0])[0] | Should -BeGreaterOrEqual ([TimeSpan]::FromMilliseconds(1800))
    }

    # How many requests a limit refuses over a long run is a goal of the benchmark, not a test.
    It 'Under_a_rate_limit_at_ThrottleLimit_16_nothing_is_lost_and_the_order_is_kept' {
        Set-EmulatorRateLimit $script:Emulator -RequestsPerSecond 100 -Burst 20 -RetryAfter 1 -Headers $false | Out-Null

        $output = @($script:Ids + $script:Ids | Get-AccessToken -ThrottleLimit 16 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $output.Count + $failures.Count | Should -Be 80
        $output.Id | Should -Be (($script:Ids + $script:Ids) | Where-Object { $_ -notin $failures.TargetObject })
        (Get-EmulatorRateLimit $script:Emulator).refused | Should -BeGreaterThan 0 -Because 'the limit was met'
    }

    It 'RateLimit_headers_slow_requests_down_before_the_server_refuses_them' {
        $refused = foreach ($headers in $false, $true) {
            Reset-Emulator $script:Emulator -SeedCount 40
            Connect-TodaysApi $script:Emulator
            Set-EmulatorRateLimit $script:Emulator -RequestsPerSecond 50 -Burst 10 -RetryAfter 1 -Headers $headers | Out-Null
            $null = $script:Ids | Get-AccessToken -ThrottleLimit 8 -ErrorAction SilentlyContinue
            (Get-EmulatorRateLimit $script:Emulator).refused
        }

        $refused[1] | Should -BeLessThan $refused[0]
    }
}
