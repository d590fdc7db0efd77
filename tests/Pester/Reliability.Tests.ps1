# Retries, timeouts, Ctrl+C and hostile answers: the module keeps working against a service that
# throttles, fails and answers garbage, and every input ends as one object or one error.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -ApiVersion '1.3.7' -NoConnection

    function Get-ApiRequest([string] $Method) {
        @(Get-EmulatorRequest $script:Emulator | Where-Object { -not $Method -or $_.method -eq $Method })
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Retries' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Get_retries_a_429_with_Retry_After_and_succeeds' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = 'status'; status = 429; retryAfter = '0'; count = 2 }
        $token = Get-AccessToken -Id $FirstId @script:Connection
        $token.Id | Should -Be $FirstId
        (Get-ApiRequest 'GET').Count | Should -Be 3
    }

    It 'Each_retry_is_announced_on_the_verbose_stream' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = '503'; count = 2 }
        $verbose = Get-AccessToken -Id $FirstId @script:Connection -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($verbose | Where-Object Message -Match '^Retrying GET .*after 503.*\(retry \d of 3\)').Count | Should -Be 2
    }

    It 'Retries_502_503_504_and_500_for_idempotent_requests' -TestCases @(
        @{ Code = 500 }, @{ Code = 502 }, @{ Code = 503 }, @{ Code = 504 }
    ) {
        Set-EmulatorFault $script:Emulator @{ method = 'PATCH'; kind = 'status'; status = $Code; retryAfter = '0'; count = 1 }
        Set-AccessToken -Id $FirstId -Name 'after a failure' @script:Connection
        (Get-ApiRequest 'PATCH').Count | Should -Be 2
        (Get-EmulatorToken $script:Emulator | Where-Object id -EQ $FirstId).name | Should -Be 'after a failure'
    }

    It 'A_dropped_connection_is_retried_for_GET' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = 'drop'; count = 2 }
        (Get-AccessToken -Id $FirstId @script:Connection).Id | Should -Be $FirstId
        (Get-ApiRequest 'GET').Count | Should -Be 3
    }

    It 'The_default_is_three_retries_then_one_error' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = 'status'; status = 502; retryAfter = '0' }
        $result = Get-AccessToken -Id $FirstId @script:Connection -ErrorVariable failure -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        (Get-ApiRequest 'GET').Count | Should -Be 4
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
    }

    It 'MaxRetries_given_to_the_cmdlet_limits_the_tries' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = 'status'; status = 429; retryAfter = '0' }
        Get-AccessToken -Id $FirstId @script:Connection -MaxRetries 1 -ErrorVariable failure -ErrorAction SilentlyContinue
        (Get-ApiRequest 'GET').Count | Should -Be 2
        $failure[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'MaxRetries_given_to_Connect_Losant_applies_to_every_call' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url -MaxRetries 0
        try {
            Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = '503' }
            Get-AccessToken -Id $FirstId -ErrorAction SilentlyContinue
            (Get-ApiRequest 'GET').Count | Should -Be 1
        }
        finally { Disconnect-Losant }
    }

    It 'Retry_After_in_seconds_is_waited_for' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = 'status'; status = 429; retryAfter = '1'; count = 1 }
        Get-AccessToken -Id $FirstId @script:Connection | Should -Not -BeNullOrEmpty
        $first, $second = Get-ApiRequest 'GET'
        ([DateTimeOffset]$second.receivedAt - [DateTimeOffset]$first.receivedAt).TotalMilliseconds | Should -BeGreaterOrEqual 950
    }

    It 'POST_is_retried_on_429_and_creates_exactly_one_token' {
        Set-EmulatorFault $script:Emulator @{ method = 'POST'; kind = '429'; count = 1 }
        $created = New-AccessToken -Name 'created once' @script:Connection
        $created.Name | Should -Be 'created once'
        (Get-ApiRequest 'POST').Count | Should -Be 2
        @(Get-EmulatorToken $script:Emulator | Where-Object name -EQ 'created once').Count | Should -Be 1
    }

    It 'POST_is_not_retried_where_the_server_may_have_acted' -TestCases @(
        @{ Kind = '500' }, @{ Kind = '502' }, @{ Kind = '504' }, @{ Kind = 'drop' }
    ) {
        Set-EmulatorFault $script:Emulator @{ method = 'POST'; kind = $Kind; count = 1 }
        New-AccessToken -Name 'maybe created' @script:Connection -ErrorVariable failure -ErrorAction SilentlyContinue
        (Get-ApiRequest 'POST').Count | Should -Be 1
        $failure.Count | Should -Be 1
        $failure[0].TargetObject | Should -Be 'maybe created'
    }
}

Describe 'Timeouts' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'TimeoutSec_gives_an_OperationTimeout_error_and_the_pipeline_goes_on' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; path = $FirstId; kind = 'hang' }
        $output = $FirstId, $SecondId | Get-AccessToken @script:Connection -TimeoutSec 1 -ErrorVariable failure -ErrorAction SilentlyContinue
        @($output).Id | Should -Be @($SecondId)
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RequestTimedOut,*'
        $failure[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failure[0].TargetObject | Should -Be $FirstId
    }

    It 'A_body_that_stops_arriving_times_out' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; path = '^/access-tokens$'; kind = 'stall' }
        $output = Get-AccessToken @script:Connection -TimeoutSec 1 -ErrorVariable failure -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        $failure.Count | Should -Be 1
        $failure[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'TimeoutSec_given_to_Connect_Losant_applies_to_every_call' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url -TimeoutSec 1
        try {
            Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = 'hang' }
            Get-AccessToken -Id $FirstId -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        }
        finally { Disconnect-Losant }
    }
}

Describe 'Stopping with Ctrl+C' {
    BeforeEach { Reset-Emulator $script:Emulator }

    # The bound is the product's promise: a stop ends a request that never answers within a second.
    It 'Stop_ends_a_request_that_never_answers_within_one_second' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = 'hang' }
        $elapsed = Measure-RunspaceStop $script:Emulator "Get-AccessToken -Id $FirstId -ApiToken (ConvertTo-SecureString '$($script:Emulator.ApiToken)' -AsPlainText -Force) -BaseUri $($script:Emulator.Url)"
        $elapsed.TotalSeconds | Should -BeLessThan 1
    }

    It 'Stop_ends_a_list_whose_body_stops_arriving_within_one_second' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = 'stall' }
        $elapsed = Measure-RunspaceStop $script:Emulator "Get-AccessToken -ApiToken (ConvertTo-SecureString '$($script:Emulator.ApiToken)' -AsPlainText -Force) -BaseUri $($script:Emulator.Url)"
        $elapsed.TotalSeconds | Should -BeLessThan 1
    }

    It 'Stop_ends_the_wait_before_a_retry_within_one_second' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; kind = 'status'; status = 503; retryAfter = '30' }
        $elapsed = Measure-RunspaceStop $script:Emulator "Get-AccessToken -Id $FirstId -ApiToken (ConvertTo-SecureString '$($script:Emulator.ApiToken)' -AsPlainText -Force) -BaseUri $($script:Emulator.Url)"
        $elapsed.TotalSeconds | Should -BeLessThan 1
    }
}

Describe 'Hostile answers' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'A_<Kind>_answer_to_Get_by_id_gives_one_<Category>_error_and_no_object' -TestCases @(
        @{ Kind = 'html502'; Category = 'ResourceUnavailable' }
        @{ Kind = 'truncated'; Category = 'InvalidResult' }
        @{ Kind = 'empty'; Category = 'InvalidResult' }
        @{ Kind = 'wrongShape'; Category = 'InvalidResult' }
        @{ Kind = 'wrongContentType'; Category = 'InvalidResult' }
        @{ Kind = 'enormous'; Category = 'InvalidResult' }
    ) {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; path = $FirstId; kind = $Kind }
        $output = $FirstId, $SecondId | Get-AccessToken @script:Connection -MaxRetries 0 -ErrorVariable failure -ErrorAction SilentlyContinue
        @($output).Id | Should -Be @($SecondId)
        $failure.Count | Should -Be 1
        $failure[0].CategoryInfo.Category | Should -Be $Category
        $failure[0].TargetObject | Should -Be $FirstId
        # The engine's types live in the module's private load context, out of reach of type literals.
        $failure[0].Exception.GetType().FullName | Should -Be 'Losant.AccessTokens.Api.ApiException'
    }

    It 'A_<Kind>_list_gives_one_<Category>_error_and_only_whole_objects' -TestCases @(
        @{ Kind = 'truncated'; Category = 'InvalidResult' }
        @{ Kind = 'wrongShape'; Category = 'InvalidResult' }
        @{ Kind = 'empty'; Category = 'InvalidResult' }
        @{ Kind = 'html502'; Category = 'ResourceUnavailable' }
    ) {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; path = '^/access-tokens$'; kind = $Kind }
        $output = @(Get-AccessToken @script:Connection -MaxRetries 0 -ErrorVariable failure -ErrorAction SilentlyContinue)
        $failure.Count | Should -Be 1
        $failure[0].CategoryInfo.Category | Should -Be $Category
        $output.Count | Should -BeLessThan 5
        foreach ($token in $output) {
            $token.Id | Should -Match '^[0-9a-f]{24}$'
            $token.Name | Should -Not -BeNullOrEmpty
            $token.Status | Should -Not -BeNullOrEmpty
        }
    }

    It 'A_wrong_shape_answer_to_<Command>_gives_one_InvalidResult_error' -TestCases @(
        @{ Command = 'Set-AccessToken'; Method = 'PATCH'; Arguments = @{ Name = 'x' } }
        @{ Command = 'Remove-AccessToken'; Method = 'DELETE'; Arguments = @{ Force = $true } }
    ) {
        Set-EmulatorFault $script:Emulator @{ method = $Method; kind = 'wrongShape' }
        & $Command -Id $FirstId @Arguments @script:Connection -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.Count | Should -Be 1
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $failure[0].TargetObject | Should -Be $FirstId
    }
}

Describe 'Nothing is lost under faults' {
    BeforeAll {
        $script:Ids = 1..1000 | Get-EmulatorSeedId
        # About 30% of first tries fail, mixed; the seed makes every run the same.
        $script:Faults = @{ kind = 'random'; rate = 0.3; seed = 20261128; kinds = @('429', '500', '502', 'drop'); retryAfter = '0' }
    }

    BeforeEach {
        Reset-Emulator $script:Emulator -SeedCount 1000
        Set-EmulatorConfig $script:Emulator -Record $false
        Set-EmulatorFault $script:Emulator $script:Faults
    }

    It 'Get_of_1000_ids_yields_an_object_or_one_error_for_each_and_99_percent_succeed' {
        $objects = @($script:Ids | Get-AccessToken @script:Connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        ($objects.Count + $failures.Count) | Should -Be 1000
        $objects.Count | Should -BeGreaterOrEqual 990
        $accounted = @($objects.Id) + @($failures.TargetObject) | Sort-Object
        $accounted | Should -Be ($script:Ids | Sort-Object)
    }

    It 'Set_of_1000_ids_changes_exactly_the_tokens_that_succeeded' {
        $updated = @($script:Ids | Set-AccessToken -Name 'Renamed under faults' -PassThru @script:Connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        ($updated.Count + $failures.Count) | Should -Be 1000
        $updated.Count | Should -BeGreaterOrEqual 990
        $renamed = @(Get-EmulatorToken $script:Emulator | Where-Object name -EQ 'Renamed under faults').id | Sort-Object
        $renamed | Should -Be (@($updated.Id) | Sort-Object)
    }

    It 'Remove_of_1000_ids_deletes_exactly_the_tokens_that_succeeded' {
        $removed = @($script:Ids | Remove-AccessToken -Force -PassThru @script:Connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        ($removed.Count + $failures.Count) | Should -Be 1000
        $removed.Count | Should -BeGreaterOrEqual 990
        $left = @((Get-EmulatorToken $script:Emulator).id) | Sort-Object
        $left | Should -Be (@($failures.TargetObject) | Sort-Object)
    }
}
