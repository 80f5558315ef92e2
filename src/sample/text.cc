#include "sample/text.h"

#include <cstdio>
#include <string>

namespace govscore::sample {

namespace {

using Words = std::vector<std::string>;

const Words& Departments() {
  static const Words kWords = {"市发展和改革委员会",
                               "市教育局",
                               "市科学技术局",
                               "市工业和信息化局",
                               "市民政局",
                               "市司法局",
                               "市财政局",
                               "市人力资源和社会保障局",
                               "市自然资源和规划局",
                               "市生态环境局",
                               "市住房和城乡建设局",
                               "市交通运输局",
                               "市水利和湖泊局",
                               "市农业农村局",
                               "市商务局",
                               "市文化和旅游局",
                               "市卫生健康委员会",
                               "市应急管理局",
                               "市审计局",
                               "市市场监督管理局",
                               "市统计局",
                               "市医疗保障局",
                               "市政务服务和大数据管理局",
                               "市城市管理执法委员会"};
  return kWords;
}

const Words& Topics() {
  static const Words kWords = {
      "安全生产",     "优化营商环境",     "乡村振兴",     "生态环境保护", "防汛抗旱",
      "城市更新",     "数字政府建设",     "政务公开",     "稳就业促创业", "民生实事",
      "森林防火",     "食品安全",         "招商引资",     "科技创新",     "义务教育均衡发展",
      "医疗保障",     "交通基础设施建设", "文明城市创建", "耕地保护",     "河湖长制",
      "老旧小区改造", "养老服务",         "消防安全",     "数据资源共享", "质量强市"};
  return kWords;
}

const Words& Actions() {
  static const Words kWords = {"召开",     "部署", "推进", "开展", "召开专题会议研究",
                               "督导检查", "调研", "启动"};
  return kWords;
}

const Words& Sentences() {
  static const Words kWords = {
      "会议强调，要坚持以人民为中心的发展思想，切实把各项工作抓实抓细抓到位。",
      "各地各部门要进一步提高政治站位，压实工作责任，确保各项任务落地见效。",
      "要坚持问题导向，聚焦群众急难愁盼问题，持续推动政策措施落实落细。",
      "会议听取了相关部门工作情况汇报，研究部署了下一阶段重点工作。",
      "要加强统筹协调，形成工作合力，推动全市经济社会高质量发展。",
      "要严格落实安全生产责任制，全面排查整治各类风险隐患。",
      "各单位要加强政策宣传解读，及时回应社会关切，营造良好舆论氛围。",
      "要强化督促检查，对工作推进不力的单位进行通报，确保取得实效。",
      "近年来，我市持续深化“放管服”改革，政务服务水平不断提升。",
      "下一步，将继续完善工作机制，健全长效管理制度，巩固工作成果。",
      "要坚持依法行政，严格规范公正文明执法，不断提升治理能力。",
      "相关负责同志参加会议，各县（市、区）设分会场。",
      "本次活动得到了社会各界的广泛关注和积极参与。",
      "要推动数据共享和业务协同，让群众办事少跑腿、好办事。"};
  return kWords;
}

const Words& Surnames() {
  static const Words kWords = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                               "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
  return kWords;
}

const Words& GivenNames() {
  static const Words kWords = {"伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",
                               "军",   "洋",   "勇",   "艳",   "杰",   "娟",   "涛",   "明",
                               "建华", "志强", "晓燕", "海波", "国庆", "红梅", "文博", "思远"};
  return kWords;
}

std::string Cn(int n) { return std::to_string(n); }

}  // namespace

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string Department(Rng& rng) { return rng.Pick(Departments()); }

std::string PersonName(Rng& rng) { return rng.Pick(Surnames()) + rng.Pick(GivenNames()); }

std::string ArticleTitle(std::string_view column_slug, int year, Rng& rng) {
  const std::string& topic = rng.Pick(Topics());
  const std::string dept = Department(rng);
  const std::string y = Cn(year) + "年";
  if (column_slug == "tzgg") {
    switch (rng.Below(3)) {
      case 0:
        return "关于做好" + y + topic + "工作的通知";
      case 1:
        return dept + "关于开展" + topic + "专项检查的公告";
      default:
        return "关于" + topic + "有关事项的通知";
    }
  }
  if (column_slug == "zcwj") {
    return "示例市人民政府办公室关于印发示例市" + topic + "实施方案的通知";
  }
  if (column_slug == "zcjd") return "《示例市" + topic + "若干措施》政策解读";
  if (column_slug == "rsxx") {
    return rng.Chance(50) ? "关于" + PersonName(rng) + "等同志任职前公示的公告"
                          : dept + y + "公开招聘工作人员公告";
  }
  if (column_slug == "ghjh") return "示例市" + topic + "“十四五”规划";
  if (column_slug == "czxx") return dept + y + "部门预算公开";
  if (column_slug == "sjfb") return y + "全市" + topic + "统计数据发布";
  if (column_slug == "hdjl") return "关于" + topic + "问题的留言答复";
  return dept + rng.Pick(Actions()) + topic + "工作";
}

std::string BodyParagraph(Rng& rng) {
  std::string out;
  const int sentences = 2 + rng.Below(3);
  for (int i = 0; i < sentences; ++i) out += rng.Pick(Sentences());
  return out;
}

char IdCheckCharacter(std::string_view first17) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<size_t>(i)] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

std::string IdNumber(Rng& rng, bool valid_checksum, bool valid_birthdate) {
  static const char* kRegions[] = {"420102", "420103", "420106", "420111", "420115"};
  std::string id = kRegions[rng.Below(5)];
  const int year = 1955 + rng.Below(49);
  const int month = valid_birthdate ? 1 + rng.Below(12) : 13;
  const int day = 1 + rng.Below(28);
  char birth[16];
  std::snprintf(birth, sizeof birth, "%04d%02d%02d", year, month, day);
  id += birth;
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03d", rng.Below(1000));
  id += seq;
  char check = IdCheckCharacter(id);
  if (!valid_checksum)
    check = check == '0' ? '1'
                         : (check == 'X' ? '0' : static_cast<char>(check == '9' ? 'X' : check + 1));
  id += check;
  return id;
}

std::string MobileNumber(Rng& rng) {
  static const char* kPrefixes[] = {"138", "139", "135", "136", "150", "151",
                                    "152", "158", "186", "187", "177", "199"};
  std::string m = kPrefixes[rng.Below(12)];
  for (int i = 0; i < 8; ++i) m += static_cast<char>('0' + rng.Below(10));
  return m;
}

std::string MaskIdNumber(std::string_view id) {
  return std::string(id.substr(0, 6)) + "********" + std::string(id.substr(id.size() - 4));
}

std::string MaskMobile(std::string_view mobile) {
  return std::string(mobile.substr(0, 3)) + "****" + std::string(mobile.substr(mobile.size() - 4));
}

}  // namespace govscore::sample
