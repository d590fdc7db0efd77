# Remove-AccessToken under API 1.3.7, the seed's contract (/access-tokens): the DELETE it sends, that it asks before deleting (ConfirmImpact High) unless
# -Force or -Confirm:$false, -WhatIf, -PassThru, its input binding and how server failures reach
# the user.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot '../../tools/PowerShellHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -ApiVersion '1.3.7' -NoConnection


    # The contract's reference exchange for a DELETE: no body, so no Content-Type.
    function Assert-DeleteRequest($Request, [string] $Id, [string] $Query = $DefaultFlags) {
        Assert-Request $Request -Method DELETE -Path "/access-tokens/$Id" -Query $Query -ApiToken $script:Emulator.ApiToken -ApiVersion '1.3.7'
    }

    # Runs a script in a fresh non-interactive PowerShell, where a confirmation prompt cannot be shown
    # and fails instead. The connection travels in the environment, not on the command line.
    function Invoke-NonInteractiveChild([string] $Script) {
        $saved = $env:LOSANT_API_TOKEN, $env:LOSANT_API_URL
        $env:LOSANT_API_TOKEN = $script:Emulator.ApiToken
        $env:LOSANT_API_URL = $script:Emulator.Url
        try {
            $prelude = "`$ErrorActionPreference = 'Continue'; Import-Module '$($env:ACCESSTOKEN_TEST_MODULE)'; "
            Invoke-PowerShell -NoProfile -NonInteractive -Command ($prelude + $Script) 2>&1 | Out-String
        }
        finally { $env:LOSANT_API_TOKEN, $env:LOSANT_API_URL = $saved }
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Remove-AccessToken' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    Context 'Confirmation' {
        It 'Declares_ConfirmImpact_High_and_SupportsShouldProcess' {
            $attribute = (Get-Command Remove-AccessToken).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0]

            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
            $attribute.SupportsShouldProcess | Should -BeTrue
        }

        It 'Without_Force_or_Confirm_false_it_asks_so_a_non_interactive_session_deletes_nothing' {
            $output = Invoke-NonInteractiveChild @'
try { Remove-AccessToken -Id 5a0000000000000000000001 -ErrorAction Stop } catch { 'ASKED:' + $_.FullyQualifiedErrorId + ':' + $_.Exception.Message }
Remove-AccessToken -Id 5a0000000000000000000002 -Force
'DONE'
'@

            # The first call reached the prompt (and failed there); the second proves the child could delete.
            $output | Should -Match 'ASKED:.*NonInteractive'
            $output | Should -Match 'DONE'
            $stored = Get-StoredId
            $stored | Should -Contain '5a0000000000000000000001'
            $stored | Should -Not -Contain '5a0000000000000000000002'
            (Get-Request).path | Should -Be @('/access-tokens/5a0000000000000000000002')
        }

        It 'Force_deletes_without_asking' {
            Remove-AccessToken -Id 5a0000000000000000000001 -Force @Connection

            $requests = Get-Request
            $requests.Count | Should -Be 1
            Assert-DeleteRequest $requests[0] -Id 5a0000000000000000000001
            Get-StoredId | Should -Not -Contain '5a0000000000000000000001'
        }

        It 'Confirm_false_deletes_without_asking' {
            Remove-AccessToken -Id 5a0000000000000000000002 -Confirm:$false @Connection

            $requests = Get-Request
            $requests.Count | Should -Be 1
            Assert-DeleteRequest $requests[0] -Id 5a0000000000000000000002
            Get-StoredId | Should -Not -Contain '5a0000000000000000000002'
        }

        It 'Force_does_not_override_an_explicit_Confirm' {
            # The test process is non-interactive: a prompt fails, so nothing may be sent.
            { Remove-AccessToken -Id 5a0000000000000000000001 -Force -Confirm @Connection -ErrorAction Stop } | Should -Throw '*NonInteractive*'

            (Get-Request).Count | Should -Be 0
            Get-StoredId | Should -Contain '5a0000000000000000000001'
        }

        It 'WhatIf_sends_nothing_even_with_Force' {
            $output = @(
                Remove-AccessToken -Id 5a0000000000000000000001 -WhatIf @Connection
                Remove-AccessToken -Id 5a0000000000000000000002 -WhatIf -Force -PassThru @Connection
                Get-AccessToken -Id 5a0000000000000000000003 @Connection | Remove-AccessToken -WhatIf -Force @Connection)

            $output.Count | Should -Be 0
            @(Get-Request | Where-Object method -EQ 'DELETE').Count | Should -Be 0
            (Get-StoredId).Count | Should -Be 5
        }
    }

    Context 'Output' {
        It 'Emits_nothing_on_success' {
            $output = @(Remove-AccessToken -Id 5a0000000000000000000001, 5a0000000000000000000002 -Force @Connection)

            $output.Count | Should -Be 0
            (Get-StoredId).Count | Should -Be 3
        }

        It 'PassThru_with_id_input_emits_each_id_removed' {
            $output = @('5a0000000000000000000004', '5a0000000000000000000001' | Remove-AccessToken -Force -PassThru @Connection)

            $output | Should -Be @('5a0000000000000000000004', '5a0000000000000000000001')
            $output[0] | Should -BeOfType [string]
        }

        It 'PassThru_with_object_input_emits_each_object_removed' {
            $tokens = @(Get-AccessToken -Id 5a0000000000000000000002, 5a0000000000000000000003 @Connection)

            $output = @($tokens | Remove-AccessToken -Force -PassThru @Connection)

            $output.Count | Should -Be 2
            [object]::ReferenceEquals($output[0].PSObject.BaseObject, $tokens[0].PSObject.BaseObject) | Should -BeTrue
            [object]::ReferenceEquals($output[1].PSObject.BaseObject, $tokens[1].PSObject.BaseObject) | Should -BeTrue
            Get-StoredId | Should -Be @('5a0000000000000000000001', '5a0000000000000000000004', '5a0000000000000000000005')
        }
    }

    Context 'Input binding' {
        It 'Ids_from_the_pipeline_by_value_and_by_property_name_are_deleted_in_order' {
            '5a0000000000000000000005', [pscustomobject]@{ Id = '5a0000000000000000000001' }, [pscustomobject]@{ AccessTokenId = '5a0000000000000000000003' } |
                Remove-AccessToken -Force @Connection

            $requests = Get-Request
            $requests.Count | Should -Be 3
            Assert-DeleteRequest $requests[0] -Id 5a0000000000000000000005
            Assert-DeleteRequest $requests[1] -Id 5a0000000000000000000001
            Assert-DeleteRequest $requests[2] -Id 5a0000000000000000000003
            Get-StoredId | Should -Be @('5a0000000000000000000002', '5a0000000000000000000004')
        }

        It 'Piping_the_inactive_tokens_deletes_exactly_those' {
            Get-AccessToken @Connection | Where-Object Status -EQ Inactive | Remove-AccessToken -Force @Connection

            $deletes = @(Get-Request | Where-Object method -EQ 'DELETE')
            $deletes.Count | Should -Be 2
            Assert-DeleteRequest $deletes[0] -Id 5a0000000000000000000003
            Assert-DeleteRequest $deletes[1] -Id 5a0000000000000000000005
            $stored = @(Get-EmulatorToken $script:Emulator)
            $stored.id | Should -Be @('5a0000000000000000000001', '5a0000000000000000000002', '5a0000000000000000000004')
            $stored.status | Should -Be @('active', 'active', 'active')
        }

        It 'An_invalid_id_is_an_error_without_a_request_and_the_others_are_deleted' {
            '5a0000000000000000000001', 'not-an-id', '5a0000000000000000000002' |
                Remove-AccessToken -Force @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidAccessTokenId,Losant.AccessTokens.Commands.RemoveAccessTokenCommand'
            $failures[0].TargetObject | Should -BeExactly 'not-an-id'
            (Get-Request).path | Should -Be @('/access-tokens/5a0000000000000000000001', '/access-tokens/5a0000000000000000000002')
        }
    }

    Context 'Server failures' {
        It 'A_404_in_the_middle_of_a_pipeline_is_one_error_for_that_id_and_the_others_are_deleted_in_order' {
            $output = @('5a0000000000000000000001', $MissingId, '5a0000000000000000000002' |
                    Remove-AccessToken -Force -PassThru @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

            $output | Should -Be @('5a0000000000000000000001', '5a0000000000000000000002')
            $failures.Count | Should -Be 1
            $failures[0].TargetObject | Should -BeExactly $MissingId
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'AccessTokenNotFound,Losant.AccessTokens.Commands.RemoveAccessTokenCommand'
            (Get-Request).path | Should -Be @('/access-tokens/5a0000000000000000000001', "/access-tokens/$($MissingId)", '/access-tokens/5a0000000000000000000002')
            Get-StoredId | Should -Be @('5a0000000000000000000003', '5a0000000000000000000004', '5a0000000000000000000005')
        }
    }
}
