"""法定主动公开 item tags move home to the documents module (issue 10): the model was
defined in the publishing app. The state moves here; the table keeps its rows and is renamed
to this app's name; the content type (and so the admin permissions) follows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    moving = ContentType.objects.filter(app_label="publishing", model="statutoryitemtag")
    if ContentType.objects.filter(app_label="documents", model="statutoryitemtag").exists():
        moving.delete()
    else:
        moving.update(app_label="documents")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="documents", model="statutoryitemtag").update(
        app_label="publishing"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0014_annual_figures_index"),
        ("publishing", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='StatutoryItemTag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('item_code', models.CharField(choices=[('20-01', '（一）行政法规、规章和规范性文件'), ('20-02', '（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名'), ('20-03', '（三）国民经济和社会发展规划、专项规划、区域规划及相关政策'), ('20-04', '（四）国民经济和社会发展统计信息'), ('20-05', '（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果'), ('20-06', '（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定'), ('20-07', '（七）财政预算、决算信息'), ('20-08', '（八）行政事业性收费项目及其依据、标准'), ('20-09', '（九）政府集中采购项目的目录、标准及实施情况'), ('20-10', '（十）重大建设项目的批准和实施情况'), ('20-11', '（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况'), ('20-12', '（十二）突发公共事件的应急预案、预警信息及应对情况'), ('20-13', '（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况'), ('20-14', '（十四）公务员招考的职位、名额、报考条件等事项以及录用结果'), ('20-15', '（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息'), ('21-01', '市政建设'), ('21-02', '公共服务'), ('21-03', '公益事业'), ('21-04', '土地征收'), ('21-05', '房屋征收'), ('21-06', '治安管理'), ('21-07', '社会救助')], max_length=8, verbose_name='法定主动公开事项')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='标注时间')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='标注人')),
                        ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='statutory_tags', to='documents.document', verbose_name='公文')),
                    ],
                    options={
                        'verbose_name': '法定主动公开事项标注',
                        'verbose_name_plural': '法定主动公开事项标注',
                        'ordering': ['item_code', 'id'],
                        'indexes': [models.Index(fields=['item_code', 'document'], name='publishing__item_co_5e2882_idx')],
                        'db_table': 'publishing_statutoryitemtag',
                        'constraints': [models.UniqueConstraint(fields=('document', 'item_code'), name='unique_statutory_item_tag')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="statutoryitemtag", table=None),
        migrations.RenameIndex(
            model_name="statutoryitemtag",
            new_name="documents_s_item_co_5efa23_idx",
            old_name="publishing__item_co_5e2882_idx",
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
